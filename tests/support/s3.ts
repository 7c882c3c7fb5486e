import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../local/free-port.ts';
import { startLocalS3 } from '../../local/s3.ts';

/** The scans bucket's name in tests. */
export const SCANS_BUCKET = 'pasokh-attachments';

/**
 * A local S3 of one test file (s3rver on a free port, objects in a temporary folder) with the
 * scans bucket, and a client configured as the functions' is (path style, no request checksums).
 */
export async function localS3(): Promise<{ client: S3Client; stop: () => Promise<void> }> {
  const s3 = await startLocalS3({
    directory: mkdtempSync(join(tmpdir(), 'pasokh-s3-')),
    port: await freePort(),
    buckets: [SCANS_BUCKET],
  });
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'local',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    stop: async () => {
      client.destroy();
      await s3.stop();
    },
  };
}
