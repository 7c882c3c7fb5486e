import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * API Gateway's AWS_IAM authorization, locally: a request must be signed (Signature Version 4,
 * service execute-api) with credentials the local cloud knows, and those credentials' principal
 * must be allowed. Locally only the administrator's credentials (the ones in
 * .data/local-cloud.json that `npm run ops` uses) are allowed; functions' own keys are refused,
 * as an IAM policy without execute-api:Invoke would refuse them.
 */
export interface SigningPrincipal {
  secretAccessKey: string;
  arn: string;
  allowed: boolean;
}

export type IamDecision =
  | { outcome: 'allowed'; userArn: string; accessKey: string }
  | { outcome: 'missing' | 'invalid' | 'denied' };

/** Node's SHA-256 (HMAC when keyed) in the shape the signer expects (the SDK bundles its own). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

const SIGNATURE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/execute-api\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;
/** How far a signature's time may be from now, as AWS allows. */
const CLOCK_SKEW_MS = 5 * 60_000;

export async function verifyIamRequest(
  request: { method: string; url: URL; headers: Record<string, string>; body: Buffer },
  principals: ReadonlyMap<string, SigningPrincipal>,
  now = Date.now(),
): Promise<IamDecision> {
  const authorization = request.headers.authorization ?? '';
  if (!authorization) return { outcome: 'missing' };
  const match = SIGNATURE.exec(authorization);
  if (!match) return { outcome: 'invalid' };
  const [, accessKey, , region, signedHeaders] = match as unknown as [string, string, string, string, string];
  const principal = principals.get(accessKey);
  const amzDate = request.headers['x-amz-date'] ?? '';
  const signedAt = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (!principal || !Number.isFinite(signedAt) || Math.abs(now - signedAt) > CLOCK_SKEW_MS)
    return { outcome: 'invalid' };
  const names = signedHeaders.split(';');
  const headers = Object.fromEntries(names.map((name) => [name, request.headers[name] ?? '']));
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: { accessKeyId: accessKey, secretAccessKey: principal.secretAccessKey },
    sha256: NodeSha256,
    // Sign exactly the headers the client signed: the SDK adds x-amz-content-sha256 on its own,
    // curl --aws-sigv4 and others do not, and API Gateway takes both.
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query: Object.fromEntries(request.url.searchParams),
      headers,
      body: request.body.length ? request.body : undefined,
    },
    { signingDate: new Date(signedAt) },
  );
  const a = Buffer.from(String(expected.headers.authorization ?? ''));
  const b = Buffer.from(authorization);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { outcome: 'invalid' };
  return principal.allowed
    ? { outcome: 'allowed', userArn: principal.arn, accessKey }
    : { outcome: 'denied' };
}
