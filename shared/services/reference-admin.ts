import { z } from 'zod';
import { ValidationError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import {
  AgencySchema,
  CategorySchema,
  CountySchema,
  PolicySchema,
  type ReferenceData,
  ReferenceDataSchema,
} from '../domain/reference.ts';
import { describeIssues } from '../domain/validation.ts';
import type { ReferenceEdit, ReferenceKind, ReferenceStore } from '../store/reference-store.ts';
import type { Page } from '../store/ticket-store.ts';

/** Why the change is made: kept beside it in the change log. */
const Reason = z.string().trim().min(3).max(500);

/** The body of an edit: the whole item as it is to be, and why. */
export const REFERENCE_EDIT_SCHEMAS = {
  CATEGORY: z.strictObject({ value: CategorySchema, reason: Reason }),
  AGENCY: z.strictObject({ value: AgencySchema, reason: Reason }),
  COUNTY: z.strictObject({ value: CountySchema, reason: Reason }),
  POLICY: z.strictObject({ value: PolicySchema, reason: Reason }),
} as const;

type Edited<K extends ReferenceKind> = z.output<(typeof REFERENCE_EDIT_SCHEMAS)[K]>;

export interface ReferenceAdminDeps {
  reference: ReferenceStore;
  now: () => Date;
}

const LIST: Record<Exclude<ReferenceKind, 'POLICY'>, 'categories' | 'agencies' | 'counties'> = {
  CATEGORY: 'categories',
  AGENCY: 'agencies',
  COUNTY: 'counties',
};

const keyOf = (kind: ReferenceKind, value: Record<string, unknown>): string =>
  kind === 'POLICY' ? 'POLICY' : String(kind === 'AGENCY' ? value.id : value.code);

/**
 * An administrator's edit of the taxonomy, an agency, a county or the policy (calendar included):
 * the item is replaced as sent (an item is retired with `active: false`, never deleted, since
 * requests name it), provided the reference data stays whole (a category's agencies exist), and
 * the change log keeps who, when, why, before and after. Functions see it once their cached copy
 * expires (REFERENCE_CACHE_SECONDS).
 */
export async function editReference<K extends ReferenceKind>(
  deps: ReferenceAdminDeps,
  admin: string,
  kind: K,
  key: string,
  input: Edited<K>,
): Promise<ReferenceEdit> {
  const after = input.value as Record<string, unknown>;
  if (keyOf(kind, after) !== key) {
    throw new ValidationError([
      {
        path: kind === 'AGENCY' ? 'value.id' : 'value.code',
        code: 'key_mismatch',
        message: message('key_mismatch'),
      },
    ]);
  }
  const data = await deps.reference.load();
  let before: object | null;
  let next: ReferenceData;
  if (kind === 'POLICY') {
    before = data.policy;
    next = { ...data, policy: input.value as ReferenceData['policy'] };
  } else {
    const list = LIST[kind as Exclude<ReferenceKind, 'POLICY'>];
    const items = data[list] as Array<Record<string, unknown>>;
    const index = items.findIndex((item) => keyOf(kind, item) === key);
    before = index >= 0 ? (items[index] as object) : null;
    const replaced = index >= 0 ? items.map((item, i) => (i === index ? after : item)) : [...items, after];
    next = { ...data, [list]: replaced } as ReferenceData;
  }
  const whole = ReferenceDataSchema.safeParse(next);
  if (!whole.success) throw new ValidationError(describeIssues(whole.error.issues));
  const edit: ReferenceEdit = {
    kind,
    key,
    before,
    after,
    actor: admin,
    at: deps.now().toISOString(),
    reason: input.reason,
  };
  await deps.reference.saveEdit(edit);
  return edit;
}

export const EditsQuerySchema = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The change log of reference data, newest first (the last 90 days by default). */
export async function referenceEdits(
  deps: ReferenceAdminDeps,
  query: z.output<typeof EditsQuerySchema>,
): Promise<Page<ReferenceEdit>> {
  const to = query.to ?? deps.now().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - 90 * 86_400_000).toISOString();
  return deps.reference.listEdits({ from, to }, { cursor: query.cursor ?? null, limit: query.limit });
}
