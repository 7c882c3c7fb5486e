import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient, sqs } from '../shared/runtime/clients.ts';

/**
 * The baseline the intake bench compares Pasokh with: an HTTP handler doing only the writes a
 * web request's intake makes (the idempotency record, then ticket, tracking code, history event
 * and citizen link in one batch, then the hand-off to a queue) with the same SDK clients, and
 * nothing else: no gateway, validation, authorizer or middleware. Run as its own process: `node
 * bench/minimal-intake.ts <port>` with TABLE_NAME and the local endpoints in its environment.
 */
const port = Number(process.argv[2]);
const table = String(process.env.TABLE_NAME);
const db = dynamoDocumentClient();
const queue = sqs();
const { QueueUrl } = await queue.send(new CreateQueueCommand({ QueueName: 'pasokh-bench-minimal' }));

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
      const id = randomUUID();
      const at = new Date().toISOString();
      // The idempotency record claimed, then the ticket's items in one batch, as registration does.
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `BENCHKEY#${id}`, sk: 'IDEMPOTENCY', ticketId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      const item = (pk: string, sk: string, extra: object = {}) => ({
        PutRequest: { Item: { pk, sk, ...extra } },
      });
      await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [table]: [
              item(`BENCH#${id}`, 'TICKET', { text: body.text, receivedAt: at }),
              item(`BENCHCODE#${id}`, 'CODE', { ticketId: id }),
              item(`BENCH#${id}`, `EVENT#${at}`, { type: 'REGISTERED' }),
              item(`BENCHCITIZEN#${id}`, id),
            ],
          },
        }),
      );
      await queue.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ ticketId: id }) }));
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ trackingCode: id }));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
