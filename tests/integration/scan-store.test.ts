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
    requestChecksumCalculation: 'WHEN_REQUIRED',
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
    expect(await scans.inspect(key)).toEqual({ size: page.length, format: null });

    await s3.stop();
    s3 = await startLocalS3({ directory, port, buckets: [bucket] });
    expect(await scans.get(key)).toEqual(page);
  });

  it('has no size for a page that was never uploaded, and fails to read it', async () => {
    const scans = new S3ScanStore({ client, bucket });
    expect(await scans.inspect('batches/none/page-001.png')).toBeNull();
    await expect(scans.get('batches/none/page-001.png')).rejects.toThrow(/NoSuchKey|does not exist/);
  });

  it('issues uploads signed for one type and size, and tells the stored format by content', async () => {
    const scans = new S3ScanStore({ client, bucket });
    const png = new Uint8Array(2000);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const key = 'batches/b2/letter-001/page-01.png';
    const upload = await scans.uploadUrl({ key, contentType: 'image/png', size: png.length });
    expect(upload.url).not.toMatch(/mobile|national/i);
    expect(Date.parse(upload.expiresAt)).toBeGreaterThan(Date.now());

    // AWS refuses an upload whose signed headers differ; the local S3 does not check V4
    // signatures, so what is checked here is that type and size are signed (submission checks again).
    const signed = new URL(upload.url).searchParams;
    expect(signed.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type']),
    );
    // A checksum of the empty body in the URL would make AWS refuse every real upload.
    expect([...signed.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(await scans.inspect(key)).toBeNull();

    const ok = await fetch(upload.url, { method: 'PUT', body: png, headers: upload.headers });
    expect(ok.status).toBe(200);
    expect(await scans.inspect(key)).toEqual({ size: 2000, format: 'png' });

    const emptyKey = 'batches/b2/letter-002/page-01.png';
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: emptyKey, Body: new Uint8Array() }));
    expect(await scans.inspect(emptyKey)).toEqual({ size: 0, format: null });
  });
});
