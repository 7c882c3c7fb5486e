import { type BilingualText, message } from './messages.ts';

/** A problem in one input field, with its path (`citizen.mobile`) and a message in both languages. */
export interface FieldProblem {
  path: string;
  code: string;
  message: BilingualText;
  /** For a problem with a stored letter of a batch: the letter as the batch numbers it, from 1. */
  letterNo?: number;
  page?: number;
}

/** Base of every error the domain and the stores raise on purpose; handlers map `kind` to HTTP. */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'validation'
    | 'conflict'
    | 'not_found'
    | 'illegal_transition'
    | 'idempotency_mismatch'
    | 'outside_county';
  readonly text: BilingualText;

  constructor(text: BilingualText) {
    super(text.en);
    this.text = text;
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[]) {
    super(message('validation_failed'));
    this.problems = problems;
  }
}

/** Optimistic locking lost: someone else changed the record since it was read. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super(message('write_conflict'));
    this.entity = entity;
    this.id = id;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly entity: string;

  constructor(entity: string) {
    super(message('not_found'));
    this.entity = entity;
  }
}

export class IllegalTransitionError extends DomainError {
  readonly kind = 'illegal_transition';
  readonly from: string;
  readonly to: string;

  constructor(from: string, to: string, text: BilingualText) {
    super(text);
    this.from = from;
    this.to = to;
  }
}

/** The same idempotency key arrived with a different request body. */
export class IdempotencyMismatchError extends DomainError {
  readonly kind = 'idempotency_mismatch';

  constructor() {
    super(message('idempotency_key_reused'));
  }
}

/** A county-scoped staff account reached for a request, batch or list of another county. */
export class OutsideCountyError extends DomainError {
  readonly kind = 'outside_county';

  constructor() {
    super(message('outside_county'));
  }
}

/** Throws OutsideCountyError unless a staff account scoped to a county (or to the province) may work in `county`. */
export function assertInCounty(staff: { county: string | null }, county: string): void {
  if (staff.county !== null && staff.county !== county) throw new OutsideCountyError();
}
