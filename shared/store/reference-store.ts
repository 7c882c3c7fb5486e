import type { ReferenceData } from '../domain/reference.ts';
import type { Page, PageRequest } from './ticket-store.ts';

export type ReferenceKind = 'CATEGORY' | 'AGENCY' | 'COUNTY' | 'POLICY';

/** An administrator's edit of one reference item, as the change log keeps it. */
export interface ReferenceEdit {
  kind: ReferenceKind;
  /** The category code, agency id or county code; POLICY for the policy. */
  key: string;
  before: object | null;
  after: object;
  actor: string;
  at: string;
  reason: string;
}

/** Reference data (categories, agencies, counties, policy) as stored and edited. */
export interface ReferenceStore {
  load(): Promise<ReferenceData>;
  /**
   * Writes items that are not there yet and leaves existing ones alone, so re-seeding at every
   * start never undoes an administrator's edit. Returns how many items were written.
   */
  seed(data: ReferenceData): Promise<number>;
  /** Writes the edited item and its change-log entry together. */
  saveEdit(edit: ReferenceEdit): Promise<void>;
  /** Edits between two moments (ISO), newest first. */
  listEdits(range: { from: string; to: string }, page: PageRequest): Promise<Page<ReferenceEdit>>;
}
