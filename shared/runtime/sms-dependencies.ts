import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { SmsRequest } from '../../events/contracts.ts';
import { HttpSmsGateway, SnsSmsProvider } from '../adapters/sms-provider.ts';
import { mobileConfirmationToken } from '../security/mobile-confirmation.ts';
import type { SendSmsDeps } from '../services/notify-citizen.ts';
import { DynamoDbNotificationLog } from '../store/dynamodb/dynamodb-notification-log.ts';
import { dynamoDocumentClient, secretValue, sns, sqs } from './clients.ts';
import { clock, ticketStore } from './dependencies.ts';
import { readEnv } from './env.ts';

/** Wiring of the citizen notifications: the SMS sender and the router that queues its work. */
/** What the SMS sender needs: tickets, its records, the configured provider and the tracking page. */
export async function smsDependencies(): Promise<SendSmsDeps> {
  const env = readEnv(
    z.object({
      TABLE_NAME: z.string().min(1),
      TRACKING_PAGE_URL: z.url(),
      SMS_PROVIDER: z.enum(['sns', 'http']).default('sns'),
      SMS_SENDER_ID: z.string().max(11).optional(),
      SMS_GATEWAY_URL: z.url().optional(),
      SMS_GATEWAY_KEY_SECRET_ID: z.string().min(1).optional(),
      IDENTITY_HASH_SECRET_ID: z.string().min(1),
    }),
  );
  const key = await secretValue(env.IDENTITY_HASH_SECRET_ID);
  const provider =
    env.SMS_PROVIDER === 'http'
      ? new HttpSmsGateway({
          url: required(env.SMS_GATEWAY_URL, 'SMS_GATEWAY_URL'),
          apiKey: () => secretValue(required(env.SMS_GATEWAY_KEY_SECRET_ID, 'SMS_GATEWAY_KEY_SECRET_ID')),
        })
      : new SnsSmsProvider(sns(), env.SMS_SENDER_ID);
  const page = new URL(env.TRACKING_PAGE_URL);
  return {
    tickets: await ticketStore(),
    log: new DynamoDbNotificationLog({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
    provider,
    trackingUrl: (code) => {
      const url = new URL(page);
      url.searchParams.set('code', code);
      return url.toString();
    },
    confirmUrl: (code, ticketId, mobile) => {
      const url = new URL(page);
      url.searchParams.set('code', code);
      url.searchParams.set('confirm', mobileConfirmationToken(key, ticketId, mobile));
      return url.toString();
    },
    now: clock,
  };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required with SMS_PROVIDER=http`);
  return value;
}

/** Where new SMS requests are queued (the notification router). */
export function smsQueue(): { enqueue(request: SmsRequest): Promise<void> } {
  const env = readEnv(z.object({ SMS_QUEUE_URL: z.string().min(1) }));
  return {
    enqueue: async (request) => {
      await sqs().send(
        new SendMessageCommand({ QueueUrl: env.SMS_QUEUE_URL, MessageBody: JSON.stringify(request) }),
      );
    },
  };
}
