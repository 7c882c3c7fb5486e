import { GetObjectCommand, HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import type { ScanStore } from '../store/scan-store.ts';

/** Scanned pages in the attachments bucket. */
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

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      // HEAD has no body, so a missing object is a bare 404 (NotFound), not NoSuchKey.
      if (error instanceof NotFound) return null;
      throw error;
    }
  }
}
