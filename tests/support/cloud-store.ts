import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { createIdentityHasher } from '../../shared/security/identity-hash.ts';
import { createDocumentClient } from '../../shared/store/dynamodb/client.ts';
import { DynamoDbApiKeyStore } from '../../shared/store/dynamodb/dynamodb-api-key-store.ts';
import { DynamoDbReferenceStore } from '../../shared/store/dynamodb/dynamodb-reference-store.ts';
import { DynamoDbTicketStore } from '../../shared/store/dynamodb/dynamodb-ticket-store.ts';

/**
 * Direct access to a running local cloud's services, for what a test must check or arrange
 * behind the API: the table (as an administrator or operator would see it) and Step Functions.
 */
export function cloudServices(dataDir: string) {
  const local = JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')) as {
    endpoints: Record<string, string>;
    resources: Record<string, string>;
  };
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
  const config = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const tableName = String(local.resources.TABLE_NAME);
  const client = createDocumentClient({ ...config, endpoint: local.endpoints.dynamodb });
  const sfn = new SFNClient({ ...config, endpoint: local.endpoints.sfn });
  const s3 = new S3Client({ ...config, endpoint: local.endpoints.s3, forcePathStyle: true });
  const stateMachineArn = String(local.resources.STATE_MACHINE_ARN);
  return {
    tableName,
    client,
    tickets: new DynamoDbTicketStore({
      client,
      tableName,
      identityHasher: createIdentityHasher(String(secrets[String(local.resources.IDENTITY_HASH_SECRET_ID)])),
    }),
    reference: new DynamoDbReferenceStore({ client, tableName }),
    apiKeys: new DynamoDbApiKeyStore({ client, tableName }),
    sfn,
    s3,
    executionStatus: async (ticketId: string) => {
      const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${ticketId}`;
      return (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status;
    },
    execution: (ticketId: string) =>
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${ticketId}`,
        }),
      ),
    /** Sends a message to a queue named by a function variable (e.g. SMS_QUEUE_URL), as a redelivery would. */
    sendTo: async (variable: string, body: unknown) => {
      const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
      const sqs = new SQSClient({ ...config, endpoint: local.endpoints.sqs });
      try {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: String(local.resources[variable]),
            MessageBody: JSON.stringify(body),
          }),
        );
      } finally {
        sqs.destroy();
      }
    },
    /** The tickets parked for repair (the repair queue's messages), without consuming them. */
    parked: async () => {
      const { SQSClient, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
      const sqs = new SQSClient({ ...config, endpoint: local.endpoints.sqs });
      try {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: local.resources.REPAIR_QUEUE_URL,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
          }),
        );
        return (Messages ?? []).map((m) => JSON.parse(String(m.Body)) as { ticketId: string; error: string });
      } finally {
        sqs.destroy();
      }
    },
    close: () => {
      client.destroy();
      sfn.destroy();
      s3.destroy();
    },
  };
}
