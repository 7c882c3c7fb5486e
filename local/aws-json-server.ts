import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A small server for AWS's JSON protocols (X-Amz-Target: <Service>.<Action>, JSON bodies,
 * errors as {"__type", "message"}), which the SDK v3 clients speak when AWS_ENDPOINT_URL_<SERVICE>
 * points at it. Used for the local Step Functions and Secrets Manager APIs.
 */
export class AwsServiceError extends Error {
  readonly type: string;
  readonly statusCode: number;

  constructor(type: string, message: string, statusCode = 400) {
    super(message);
    this.type = type;
    this.statusCode = statusCode;
  }
}

export type ActionHandler = (body: Record<string, unknown>) => Promise<object> | object;

export function createAwsJsonServer(
  targetPrefix: string,
  contentType: string,
  actions: Record<string, ActionHandler>,
): Server {
  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : '';
    const reply = (status: number, payload: object) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(JSON.stringify(payload));
    };
    const handler = actions[action];
    if (!handler)
      return reply(400, { __type: 'UnknownOperationException', message: `unsupported action ${target}` });
    try {
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
        : {};
      reply(200, await handler(body));
    } catch (error) {
      if (error instanceof AwsServiceError)
        return reply(error.statusCode, { __type: error.type, message: error.message });
      reply(500, {
        __type: 'InternalFailure',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
