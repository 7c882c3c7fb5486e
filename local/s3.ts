import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * An S3-compatible service for the local cloud: s3rver keeps objects as files under `directory`
 * (so they survive a restart) and accepts presigned URLs, which the batch upload path relies on.
 * It knows access keys but does not verify SigV4 signatures: that part of S3 is Amazon's to test.
 */
export async function startLocalS3(options: {
  directory: string;
  port: number;
  buckets: string[];
  /** The access keys callers sign with besides `local` (each function has its own, see local/cloud.ts). */
  accessKeys?: readonly string[];
}): Promise<RunningS3> {
  mkdirSync(options.directory, { recursive: true });
  for (const key of ['local', ...(options.accessKeys ?? [])]) DUMMY_ACCOUNT.createKeyPair(key, 'local');
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${options.port}`, stop: () => server.close() };
}
