import { createServer, type Server } from 'node:http';
import { createRequestHandler } from 'local-aws-sqs';

export interface QueueDefinition {
  name: string;
  attributes: Record<string, string>;
}

/**
 * SQS from `local-aws-sqs` (queues, visibility, DLQ redrive), served through a thin wrapper that
 * can be told to fail the next calls of an action: the one fault tests inject on purpose, to
 * prove the intake reconciler catches a failed hand-off. Queues live in memory: the tickets they
 * point at are in DynamoDB, and the reconciler re-enqueues anything lost with a restart.
 */
export class LocalSqs {
  private readonly faults = new Map<string, number>();
  readonly server: Server;

  constructor(port: number, queues: QueueDefinition[]) {
    const { requestHandler } = createRequestHandler({
      port,
      hostname: '127.0.0.1',
      emulateQueueCreationLifecycle: false,
      queues: queues.map((q) => ({ QueueName: q.name, Attributes: q.attributes })),
    });
    this.server = createServer((req, res) => {
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const remaining = this.faults.get(action) ?? 0;
      if (remaining > 0) {
        this.faults.set(action, remaining - 1);
        req.resume();
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'injected fault' }));
        return;
      }
      void requestHandler(req, res);
    });
  }

  /** Faults armed and not yet used, by action. */
  pendingFaults(): Record<string, number> {
    return Object.fromEntries(this.faults);
  }

  /** Makes the next `count` calls of `action` (e.g. SendMessage) fail without retry. */
  injectFault(action: string, count: number): void {
    this.faults.set(action, count);
  }
}
