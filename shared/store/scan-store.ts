/** Where scanned pages live (the attachments bucket in AWS): bytes by object key. */
export interface ScanStore {
  get(key: string): Promise<Uint8Array>;
  /** The stored size in bytes, or null when nothing was uploaded under the key. */
  size(key: string): Promise<number | null>;
}
