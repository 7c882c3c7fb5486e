import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../local/gateway/iam-auth.ts';

/** A request signed as the AWS SDK and `aws-sigv4` tools sign calls to an IAM-authorized API. */
export async function signedFetch(
  url: string,
  options: { method?: string; body?: string; accessKeyId: string; secretAccessKey: string },
): Promise<Response> {
  const target = new URL(url);
  const method = options.method ?? 'GET';
  const signer = new SignatureV4({
    service: 'execute-api',
    region: 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: {
      host: target.host,
      ...(options.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body ? { body: options.body } : {}),
  });
  return fetch(url, {
    method,
    headers: signed.headers as Record<string, string>,
    ...(options.body ? { body: options.body } : {}),
  });
}
