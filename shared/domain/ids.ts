import { ulid } from 'ulid';

/**
 * Internal identifiers are ULIDs: unique without coordination, sortable by creation time, and
 * valid as Step Functions execution names. They are never shown to citizens (tracking codes are).
 */
export const newTicketId = (): string => ulid();
export const newReferralId = (): string => ulid();
export const newEventId = (): string => ulid();
export const newClusterId = (): string => ulid();
export const newBatchId = (): string => ulid();

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
