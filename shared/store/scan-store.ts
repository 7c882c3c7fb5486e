/** Where scanned pages live (the attachments bucket in AWS): bytes by object key. */
export interface ScanStore {
  get(key: string): Promise<Uint8Array>;
}
