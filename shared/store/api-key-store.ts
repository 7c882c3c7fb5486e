/** Agency API keys: the key itself is shown once when issued; only its hash is stored. */
export interface ApiKeyRecord {
  agencyId: string;
  enabled: boolean;
  createdAt: string;
  /** A short, non-secret label (the key's last four characters) for lists and audit. */
  hint: string;
}

export interface ApiKeyStore {
  /** The agency a key belongs to, or null for an unknown or revoked key. */
  findAgency(apiKey: string): Promise<string | null>;
  register(apiKey: string, agencyId: string, now: Date): Promise<void>;
  revoke(apiKey: string): Promise<void>;
}
