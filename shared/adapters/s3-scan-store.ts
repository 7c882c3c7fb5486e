import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { StoredScan } from '../domain/letter-batch.ts';
import { imageFormat } from '../ocr/image-size.ts';
import type { LetterReading } from '../ocr/letter-reading.ts';
import type { ScanDownload, ScanStore, ScanUpload } from '../store/scan-store.ts';

/** Enough of a file's start to tell PNG, JPEG, TIFF and PDF apart. */
const SNIFF_BYTES = 16;
/** An operator uploads a page within minutes of adding its letter; a retry can ask again. */
const UPLOAD_SECONDS = 3600;
/** A reviewer's view of a scan: long enough to type a letter, short enough not to be shared. */
const VIEW_SECONDS = 900;

/** What OCR read from a letter, beside the scans; named by the ticket id only. */
const readingKey = (ticketId: string) => `readings/${ticketId}.json`;

/** Scanned pages in the attachments bucket (encrypted with the bucket's key by default). */
export class S3ScanStore implements ScanStore {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(props: { client: S3Client; bucket: string }) {
    this.#client = props.client;
    this.#bucket = props.bucket;
  }

  async get(key: string): Promise<Uint8Array> {
    const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    if (!object.Body) throw new Error('scan has no body');
    return object.Body.transformToByteArray();
  }

  /** HEAD for the size, then the first bytes for the format (no range is asked of an empty file). */
  async inspect(key: string): Promise<StoredScan | null> {
    let size: number;
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      size = head.ContentLength ?? 0;
    } catch (error) {
      // HEAD has no body, so a missing object is a bare 404 (NotFound), not NoSuchKey.
      if (error instanceof NotFound) return null;
      throw error;
    }
    if (size === 0) return { size, format: null };
    const object = await this.#client.send(
      new GetObjectCommand({ Bucket: this.#bucket, Key: key, Range: `bytes=0-${SNIFF_BYTES - 1}` }),
    );
    const start = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    return { size, format: imageFormat(start) };
  }

  async downloadUrl(key: string): Promise<ScanDownload> {
    const url = await getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: key }), {
      expiresIn: VIEW_SECONDS,
    });
    return { url, expiresAt: new Date(Date.now() + VIEW_SECONDS * 1000).toISOString() };
  }

  async saveReading(reading: LetterReading): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: readingKey(reading.ticketId),
        Body: JSON.stringify(reading),
        ContentType: 'application/json',
      }),
    );
  }

  async getReading(ticketId: string): Promise<LetterReading | null> {
    try {
      const object = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: readingKey(ticketId) }),
      );
      return JSON.parse((await object.Body?.transformToString()) ?? 'null') as LetterReading | null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async uploadUrl(page: { key: string; contentType: string; size: number }): Promise<ScanUpload> {
    // Content type and length are signed: S3 refuses an upload of any other type or size.
    const url = await getSignedUrl(
      this.#client,
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: page.key,
        ContentType: page.contentType,
        ContentLength: page.size,
      }),
      { expiresIn: UPLOAD_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return {
      method: 'PUT',
      url,
      headers: { 'content-type': page.contentType },
      expiresAt: new Date(Date.now() + UPLOAD_SECONDS * 1000).toISOString(),
    };
  }
}
