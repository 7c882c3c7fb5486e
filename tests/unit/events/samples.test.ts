import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AwaitAgencyInputSchema,
  AwaitFeedbackInputSchema,
  AwaitReviewInputSchema,
  AwaitTranscriptionInputSchema,
  EscalateInputSchema,
  ExecutionStatusChangeSchema,
  IntakeMessageSchema,
  OcrRequestSchema,
  ReferInputSchema,
  SmsRequestSchema,
  TicketStepInputSchema,
  WebhookMessageSchema,
} from '../../../events/contracts.ts';
import { SAMPLE_EVENTS } from '../../../events/samples.ts';
import { REPO_ROOT } from '../../../infra/constructs/pasokh-function.ts';
import { AddLettersSchema } from '../../../shared/domain/letter-batch.ts';

const samplesDir = join(REPO_ROOT, 'events', 'samples');
const sample = (file: string) => JSON.parse(readFileSync(join(samplesDir, file), 'utf8'));

function entriesIn(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? entriesIn(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('event samples', () => {
  it('exist for every function entry, and every sample belongs to one', () => {
    expect(Object.keys(SAMPLE_EVENTS).sort()).toEqual(entriesIn('functions').sort());
    expect(Object.values(SAMPLE_EVENTS).sort()).toEqual(readdirSync(samplesDir).sort());
  });

  it('match the contracts of the messages between functions', () => {
    expect(() =>
      IntakeMessageSchema.parse(JSON.parse(sample('sqs-intake.json').Records[0].body)),
    ).not.toThrow();
    expect(() => TicketStepInputSchema.parse(sample('workflow-classify.json'))).not.toThrow();
    expect(() => ReferInputSchema.parse(sample('workflow-refer.json'))).not.toThrow();
    expect(() => AwaitAgencyInputSchema.parse(sample('workflow-await-agency.json'))).not.toThrow();
    expect(() => EscalateInputSchema.parse(sample('workflow-escalate.json'))).not.toThrow();
    expect(() => AwaitReviewInputSchema.parse(sample('workflow-await-review.json'))).not.toThrow();
    expect(() => ExecutionStatusChangeSchema.parse(sample('execution-failed.json'))).not.toThrow();
    expect(() =>
      AwaitTranscriptionInputSchema.parse(sample('workflow-await-transcription.json')),
    ).not.toThrow();
    expect(() => OcrRequestSchema.parse(JSON.parse(sample('sqs-ocr.json').Records[0].body))).not.toThrow();
    expect(() => SmsRequestSchema.parse(JSON.parse(sample('sqs-sms.json').Records[0].body))).not.toThrow();
    expect(() =>
      WebhookMessageSchema.parse(JSON.parse(sample('sqs-webhook.json').Records[0].body)),
    ).not.toThrow();
    expect(() => AwaitFeedbackInputSchema.parse(sample('workflow-await-feedback.json'))).not.toThrow();
    expect(() =>
      AddLettersSchema.parse(JSON.parse(sample('api-staff-letter-batches.json').body)),
    ).not.toThrow();
  });

  it('carry no personal data in any message between functions', () => {
    for (const file of Object.values(SAMPLE_EVENTS).filter(
      (f) => f.startsWith('workflow-') || f.startsWith('sqs-'),
    )) {
      const text = JSON.stringify(sample(file));
      expect(text, file).not.toMatch(/09\d{9}|mobile|firstName|nationalId/);
    }
  });

  it('are API Gateway proxy events with the route they belong to', () => {
    for (const [entry, file] of Object.entries(SAMPLE_EVENTS).filter(([e]) =>
      e.startsWith('functions/http/'),
    )) {
      const event = sample(file);
      expect(event.requestContext.resourcePath, entry).toBe(event.resource);
      expect(event.path.startsWith('/api/v1/'), entry).toBe(true);
    }
  });
});
