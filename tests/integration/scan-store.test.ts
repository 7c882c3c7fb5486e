import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port.ts';
import { type RunningS3, startLocalS3 } from '../../local/s3.ts';
import { S3ScanStore } from '../../shared/adapters/s3-scan-store.ts';

const bucket = 'pasokh-attachments';
const directory = mkdtempSync(join(tmpdir(), 'pasokh-s3-'));
let port: number;
let s3: RunningS3;
let client: S3Client;

beforeAll(async () => {
  port = await freePort();
  s3 = await startLocalS3({ directory, port, buckets: [bucket] });
  client = new S3Client({
    endpoint: s3.endpoint,
    region: 'local',
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
  await s3.stop();
});

describe('scanned pages in the local S3', () => {
  it('takes a page uploaded to a presigned URL and gives the same bytes back, also after a restart', async () => {
    const page = new Uint8Array(4096).map((_, i) => (i * 31) % 256);
    const key = 'batches/b1/page-001.png';
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'image/png' }),
      { expiresIn: 300 },
    );
    const upload = await fetch(url, { method: 'PUT', body: page, headers: { 'content-type': 'image/png' } });
    expect(upload.status).toBe(200);

    const scans = new S3ScanStore({ client, bucket });
    expect(await scans.get(key)).toEqual(page);
    expect(await scans.size(key)).toBe(page.length);

    await s3.stop();
    s3 = await startLocalS3({ directory, port, buckets: [bucket] });
    expect(await scans.get(key)).toEqual(page);
  });

  it('has no size for a page that was never uploaded, and fails to read it', async () => {
    const scans = new S3ScanStore({ client, bucket });
    expect(await scans.size('batches/none/page-001.png')).toBeNull();
    await expect(scans.get('batches/none/page-001.png')).rejects.toThrow(/NoSuchKey|does not exist/);
  });
});
