import type { StoredScan } from '../domain/letter-batch.ts';
import type { LetterReading } from '../ocr/letter-reading.ts';

/** An upload an operator's scanner client makes straight to storage. */
export interface ScanUpload {
  method: 'PUT';
  url: string;
  /** Headers the upload must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

/** A time-limited link to view a stored scan. */
export interface ScanDownload {
  url: string;
  expiresAt: string;
}

/**
 * Where scanned pages live (the attachments bucket in AWS): bytes by object key, and beside them
 * what OCR read from each letter.
 */
export interface ScanStore {
  get(key: string): Promise<Uint8Array>;
  /** The stored size and the format the first bytes show, or null when nothing was uploaded. */
  inspect(key: string): Promise<StoredScan | null>;
  /** A time-limited upload of exactly this content type and size under the key. */
  uploadUrl(page: { key: string; contentType: string; size: number }): Promise<ScanUpload>;
  /** A time-limited link to view a scan (for the reviewer who reads it). */
  downloadUrl(key: string): Promise<ScanDownload>;
  saveReading(reading: LetterReading): Promise<void>;
  getReading(ticketId: string): Promise<LetterReading | null>;
}
