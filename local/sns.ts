import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

/** One SMS as the local SNS received it for a phone number. */
export interface RecordedSms {
  messageId: string;
  /** E.164, as SNS takes it. */
  phoneNumber: string;
  message: string;
  smsType: string | null;
  at: string;
}

/**
 * Amazon SNS for the one call Pasokh makes of it, Publish to a phone number, in SNS's query
 * protocol (form-encoded request, XML answer). Nothing is sent anywhere: each message is
 * recorded (kept in the data directory across restarts) and listed at GET /api/v1/local/sms.
 */
export class LocalSns {
  private readonly file: string;
  private readonly messages: RecordedSms[] = [];

  constructor(file: string) {
    this.file = file;
    if (existsSync(file))
      for (const line of readFileSync(file, 'utf8').split('\n'))
        if (line.trim()) this.messages.push(JSON.parse(line) as RecordedSms);
  }

  /** Newest last. */
  list(): readonly RecordedSms[] {
    return this.messages;
  }

  server(): Server {
    return createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const action = form.get('Action');
        const phoneNumber = form.get('PhoneNumber');
        const message = form.get('Message');
        if (action !== 'Publish' || !phoneNumber || !message) {
          res.writeHead(400, { 'content-type': 'text/xml' });
          res.end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>only Publish to a PhoneNumber is emulated</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
          );
          return;
        }
        const recorded: RecordedSms = {
          messageId: randomUUID(),
          phoneNumber,
          message,
          smsType: smsTypeOf(form),
          at: new Date().toISOString(),
        };
        this.messages.push(recorded);
        appendFileSync(this.file, `${JSON.stringify(recorded)}\n`, { mode: 0o600 });
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${recorded.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
      });
    });
  }
}

/** MessageAttributes.entry.N.Name = AWS.SNS.SMS.SMSType → its Value.StringValue. */
function smsTypeOf(form: URLSearchParams): string | null {
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    if (form.get(`MessageAttributes.entry.${n}.Name`) === 'AWS.SNS.SMS.SMSType')
      return form.get(`MessageAttributes.entry.${n}.Value.StringValue`);
  }
  return null;
}
