import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient, sqs } from '../shared/runtime/clients.ts';

/**
 * The baseline the intake bench compares Pasokh with: an HTTP handler doing only the writes a
 * web request's intake makes (ticket, tracking code, history event and citizen link in one
 * transaction, then the hand-off to a queue) with the same SDK clients, and nothing else: no
 * gateway, validation, authorizer or middleware. Run as its own process: `node
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
      const put = (pk: string, sk: string, extra: object = {}) => ({
        Put: {
          TableName: table,
          Item: { pk, sk, ...extra },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            put(`BENCH#${id}`, 'TICKET', { text: body.text, receivedAt: at }),
            put(`BENCHCODE#${id}`, 'CODE', { ticketId: id }),
            put(`BENCH#${id}`, `EVENT#${at}`, { type: 'REGISTERED' }),
            put(`BENCHCITIZEN#${id}`, id),
          ],
        }),
      );
      await queue.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ ticketId: id }) }));
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ trackingCode: id }));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
