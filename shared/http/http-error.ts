import { type BilingualText, type MessageKey, message } from '../domain/messages.ts';

/** An HTTP-level refusal (wrong content type, body too large, malformed JSON, bad API key). */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly text: BilingualText;

  constructor(statusCode: number, code: MessageKey, params: Record<string, string | number> = {}) {
    const text = message(code, params);
    super(text.en);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.text = text;
  }
}
