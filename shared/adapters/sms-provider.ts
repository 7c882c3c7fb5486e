import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

/** One SMS to one mobile number; `idempotencyKey` names the event it tells of. */
export interface SmsMessage {
  /** 09xxxxxxxxx */
  to: string;
  text: string;
  idempotencyKey: string;
}

/** Sends SMS. Pasokh's own record of each event's message makes sending once per event the caller's job. */
export interface SmsProvider {
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

/** Iran's mobile numbers in E.164, as SNS and gateways want them. */
export const e164 = (mobile: string) => `+98${mobile.slice(1)}`;

/** Amazon SNS direct-to-phone SMS, transactional (delivered ahead of promotional traffic). */
export class SnsSmsProvider implements SmsProvider {
  private readonly client: SNSClient;
  private readonly senderId: string | undefined;

  constructor(client: SNSClient, senderId?: string) {
    this.client = client;
    this.senderId = senderId;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    const sent = await this.client.send(
      new PublishCommand({
        PhoneNumber: e164(message.to),
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.senderId
            ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } }
            : {}),
        },
      }),
    );
    return { messageId: sent.MessageId ?? '' };
  }
}

/**
 * An HTTP SMS gateway (the national operators' and aggregators' APIs): a JSON POST with the key
 * as a bearer token and the event id as `Idempotency-Key`, so a gateway that honours it sends a
 * retried message once even if Pasokh's record of the first attempt was lost.
 */
export class HttpSmsGateway implements SmsProvider {
  private readonly url: string;
  private readonly apiKey: () => Promise<string>;
  private readonly timeoutMs: number;

  constructor(options: { url: string; apiKey: () => Promise<string>; timeoutMs?: number }) {
    this.url = options.url;
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await this.apiKey()}`,
        'idempotency-key': message.idempotencyKey,
      },
      body: JSON.stringify({ to: e164(message.to), text: message.text }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new SmsGatewayError(response.status);
    const body = (await response.json().catch(() => ({}))) as { messageId?: unknown; id?: unknown };
    return { messageId: String(body.messageId ?? body.id ?? '') };
  }
}

export class SmsGatewayError extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`SMS gateway answered ${status}`);
    this.name = 'SmsGatewayError';
    this.status = status;
  }
}
