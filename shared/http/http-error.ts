import { type BilingualText, type MessageKey, message } from '../domain/messages.ts';

/** An HTTP-level refusal (wrong content type, body too large, malformed JSON, bad API key). */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly text: BilingualText;
  /** What the caller needs to act on the refusal (e.g. the open requests a repeat call may join). */
  readonly details: Record<string, unknown>;

  constructor(
    statusCode: number,
    code: MessageKey,
    params: Record<string, string | number> = {},
    details: Record<string, unknown> = {},
  ) {
    const text = message(code, params);
    super(text.en);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.text = text;
    this.details = details;
  }
}
