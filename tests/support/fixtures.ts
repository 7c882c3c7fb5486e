import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { citizenActor } from '../../shared/domain/audit.ts';
import { newTicketId } from '../../shared/domain/ids.ts';
import { type NewTicketInput, openTicket } from '../../shared/domain/ticket.ts';
import { randomTrackingCode } from '../../shared/domain/tracking-code.ts';
import { trackingCodeCipher } from '../../shared/security/tracking-code-cipher.ts';
import { sequencedTrackingCodes, type TrackingCodeSource } from '../../shared/services/tracking-codes.ts';
import { DynamoDbSequenceStore } from '../../shared/store/dynamodb/dynamodb-sequence-store.ts';

/** A national ID with a correct check digit, built from nine leading digits. */
export function nationalIdFrom(nineDigits: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const r = sum % 11;
  return `${nineDigits}${r < 2 ? r : 11 - r}`;
}

/** A web ticket as the intake handler would open it; override any input. */
export function webTicket(overrides: Partial<NewTicketInput> = {}) {
  return openTicket({
    ticketId: newTicketId(),
    trackingCode: randomTrackingCode(),
    channel: 'WEB',
    intakePoint: { kind: 'WEB', id: 'web' },
    citizen: {
      firstName: 'مریم',
      lastName: 'کرمی',
      mobile: '09181234567',
      nationalId: nationalIdFrom('460123456'),
    },
    county: 'ILAM',
    text: 'آب آشامیدنی روستای ما یک هفته است قطع شده است.',
    actor: citizenActor(),
    now: new Date('2026-11-29T08:00:00Z'),
    ...overrides,
  });
}

/** Tracking codes as functions get them: the table's sequence, permuted with a test key. */
export const tableTrackingCodes = (client: DynamoDBDocumentClient, tableName: string): TrackingCodeSource =>
  sequencedTrackingCodes({
    sequences: new DynamoDbSequenceStore({ client, tableName }),
    cipher: trackingCodeCipher('tracking-code-test-secret-0123456789abcdef'),
  });
