import type { ReferenceData } from '../domain/reference.ts';

/** Reference data (categories, agencies, counties, policy) as stored and edited. */
export interface ReferenceStore {
  load(): Promise<ReferenceData>;
  /**
   * Writes items that are not there yet and leaves existing ones alone, so re-seeding at every
   * start never undoes an administrator's edit. Returns how many items were written.
   */
  seed(data: ReferenceData): Promise<number>;
}
