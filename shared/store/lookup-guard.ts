/**
 * Counts wrong guesses at a secret-protected lookup (a tracking code with the last four digits of
 * the mobile) and locks the lookup after too many, so the digits cannot be found by trying all
 * 10,000 of them.
 */
export interface LookupGuard {
  /** Whether the lookup is locked now (too many misses in this window or the one before). */
  isLocked(subject: string): Promise<boolean>;
  /** Counts one miss; true when this miss locks the lookup. */
  recordMiss(subject: string): Promise<boolean>;
}
