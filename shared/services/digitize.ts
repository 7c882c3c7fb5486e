import { z } from 'zod';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { staffActor, systemActor } from '../domain/audit.ts';
import { CitizenInputSchema } from '../domain/citizen.ts';
import { maskedTicket } from '../domain/contact-masking.ts';
import { NotFoundError } from '../domain/errors.ts';
import { changeStatus, type DocumentLanguage, RequestTextSchema, type Ticket } from '../domain/ticket.ts';
import {
  type DigitizedDocument,
  type OcrEngine,
  readingConfidence,
  readsByJob,
  UnreadableImageError,
} from '../ocr/document.ts';
import { type LetterReading, locateFields, readingPages } from '../ocr/letter-reading.ts';
import { trustedContacts } from '../ocr/trusted-contacts.ts';
import type { ScanStore } from '../store/scan-store.ts';
import { requireTicket, type TicketStore } from '../store/ticket-store.ts';
import { recordWait } from './workflow/step.ts';

export interface DigitizeDeps {
  tickets: TicketStore;
  scans: ScanStore;
  /** The engine configured for a scan's language (Persian: Tesseract). */
  engineFor: (language: DocumentLanguage) => OcrEngine;
  now: () => Date;
  /** Below this OCR confidence a person types the letter. */
  minConfidence: number;
}

export interface DigitizeResult {
  decision: 'CLASSIFY' | 'TRANSCRIBE';
  confidence: number;
  reasons: string[];
}

/** Some scans are being read by asynchronous jobs: ask again, with these job ids, when they finish. */
export interface DigitizePending {
  decision: 'PENDING';
  jobs: Record<string, string>;
}

/** Fewer characters than this is a blank page, a photo, or handwriting OCR could not read. */
const MIN_TEXT_CHARS = 20;

/**
 * Reads a paper letter's scanned pages, fills the ticket's text and the contact details found in
 * it, and decides: classification when the reading is confident and a mobile number was found,
 * transcription review otherwise — never a confident wrong classification of an unreadable page.
 * Scans an engine reads by job (Textract PDFs) are started first; until every job has finished
 * the step answers PENDING with the job ids, and the ticket is left as it is.
 */
export async function digitizeStep(
  deps: DigitizeDeps,
  ticketId: string,
  startedJobs: Readonly<Record<string, string>> = {},
): Promise<DigitizeResult | DigitizePending> {
  const ticket = await requireTicket(deps.tickets, ticketId);
  if (ticket.status === 'TRANSCRIPTION_REVIEW') {
    return { decision: 'TRANSCRIBE', confidence: 0, reasons: ['already in review'] };
  }
  // Web and phone requests have nothing to read; a repeated step finds the letter already read.
  if (ticket.status !== 'DIGITIZING') return { decision: 'CLASSIFY', confidence: 1, reasons: [] };
  const pages = [...ticket.attachments].sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
  const engines = pages.map((page) => deps.engineFor(page.language ?? 'fa'));
  const jobs: Record<string, string> = { ...startedJobs };
  const fromJobs = new Map<string, DigitizedDocument>();
  const unreadable: string[] = [];
  let pending = false;
  for (const [i, page] of pages.entries()) {
    const engine = engines[i] as OcrEngine;
    if (!readsByJob(engine) || !engine.needsJob(page.contentType)) continue;
    try {
      const known = jobs[page.key];
      jobs[page.key] = known ?? (await engine.startJob({ key: page.key, jobTag: ticketId }));
      const document = known ? await engine.collect(known) : null;
      if (document) fromJobs.set(page.key, document);
      else pending = true;
    } catch (error) {
      if (!(error instanceof UnreadableImageError)) throw error;
      unreadable.push(`page ${page.page ?? 1} unreadable: ${error.message}`);
    }
  }
  if (pending) return { decision: 'PENDING', jobs };

  const scans: Array<{ scanKey: string; document: DigitizedDocument }> = [];
  for (const [i, page] of pages.entries()) {
    let document: DigitizedDocument;
    try {
      const engine = engines[i] as OcrEngine;
      if (readsByJob(engine) && engine.needsJob(page.contentType)) {
        const read = fromJobs.get(page.key);
        if (!read) continue; // its job failed: already counted as unreadable
        document = read;
      } else {
        document = await engine.recognize({
          bytes: await deps.scans.get(page.key),
          contentType: page.contentType,
        });
      }
    } catch (error) {
      // Not an image, damaged, an over-long PDF: a person looks at it; other errors are retried.
      if (!(error instanceof UnreadableImageError)) throw error;
      unreadable.push(`page ${page.page ?? 1} unreadable: ${error.message}`);
      continue;
    }
    scans.push({ scanKey: page.key, document });
  }
  const documents = scans.map((scan) => scan.document);
  const text = documents
    .map((d) => d.text)
    .join('\n\n')
    .trim();
  const confidence = readingConfidence(documents.flatMap((d) => d.pages.flatMap((p) => p.lines)));
  // A number on a line OCR was unsure of (its second look disagreed) is left for a person.
  const { contacts, name, mobileUnsure } = trustedContacts(documents, deps.minConfidence);
  const mobile = ticket.citizen.mobile ?? contacts.mobile;
  const reasons = [
    ...(pages.length === 0 ? ['no scanned page'] : []),
    ...unreadable,
    ...(text.length < MIN_TEXT_CHARS ? ['no readable text'] : []),
    ...(confidence < deps.minConfidence ? [`OCR confidence ${confidence}`] : []),
    ...(mobile ? [] : [mobileUnsure ? 'mobile number uncertain on the scan' : 'no valid mobile number']),
  ];
  const decision = reasons.length ? 'TRANSCRIBE' : 'CLASSIFY';
  // Kept before the ticket moves on, so a reviewer always finds what OCR read and where.
  const pagesRead = readingPages(scans);
  await deps.scans.saveReading({
    ticketId,
    confidence,
    reasons,
    pages: pagesRead,
    fields: locateFields(pagesRead, deps.minConfidence),
  });
  await deps.tickets.saveTicketChange(
    changeStatus(ticket, {
      to: decision === 'CLASSIFY' ? 'DIGITIZED' : 'TRANSCRIPTION_REVIEW',
      actor: systemActor('digitize'),
      reason: `OCR of ${pages.length} page(s), confidence ${confidence}${reasons.length ? `; ${reasons.join(', ')}` : ''}`,
      now: deps.now(),
      patch: {
        text: text.slice(0, 20_000) || ticket.text,
        citizen: {
          ...ticket.citizen,
          // The name as signed, so the reply can address the writer; a reviewer corrects it.
          firstName: ticket.citizen.firstName ?? name?.firstName ?? null,
          lastName: ticket.citizen.lastName ?? name?.lastName ?? null,
          mobile,
          nationalId: ticket.citizen.nationalId ?? contacts.nationalId,
        },
        // A number OCR read is trusted once the citizen answers the confirmation SMS.
        ...(ticket.citizen.mobile === null && mobile !== null
          ? { mobileConfirmation: 'PENDING' as const }
          : {}),
      },
    }),
  );
  return { decision, confidence, reasons };
}

/**
 * Workflow step AwaitTranscription: records the token a reviewer's transcription resumes. A letter
 * still DIGITIZING got here because OCR failed for good or ran out of time: a person reads it.
 * If the reviewer finished before the token was recorded, the step resumes itself.
 */
export async function awaitTranscriptionStep(
  deps: { tickets: TicketStore; workflow: TaskTokens; now: () => Date },
  input: { ticketId: string; taskToken: string },
): Promise<void> {
  const ticket = await requireTicket(deps.tickets, input.ticketId);
  if (ticket.status === 'DIGITIZING') {
    await deps.tickets.saveTicketChange(
      changeStatus(ticket, {
        to: 'TRANSCRIPTION_REVIEW',
        actor: systemActor('digitize'),
        reason: 'OCR did not finish (failed or timed out); a reviewer reads the letter',
        now: deps.now(),
      }),
    );
  }
  await recordWait(deps, input, 'TRANSCRIPTION');
  const now = await requireTicket(deps.tickets, input.ticketId);
  if (now.status !== 'TRANSCRIPTION_REVIEW')
    await deps.workflow.resume(input.taskToken, { decision: 'CLASSIFY' });
}

export interface TranscriptionTask {
  ticketId: string;
  status: Ticket['status'];
  /** The text as OCR (or an earlier reviewer) left it: the starting point for editing. */
  text: string;
  citizen: Ticket['citizen'];
  scans: Array<{ page: number; contentType: string; url: string; expiresAt: string }>;
  /** What OCR read, line by line with positions, and the contact details it found (null if never read). */
  reading: Pick<LetterReading, 'confidence' | 'reasons' | 'pages' | 'fields'> | null;
}

/**
 * Everything a reviewer's transcription screen shows: the scans beside the editable text. The
 * sender's contact details are shown in full only while the letter waits for transcription.
 */
export async function transcriptionTask(
  deps: { tickets: TicketStore; scans: ScanStore },
  ticketId: string,
): Promise<TranscriptionTask> {
  const ticket = await requireTicket(deps.tickets, ticketId);
  const reading = await deps.scans.getReading(ticketId);
  // Only paper letters have one; a web request's contact details are read on the case view.
  if (!reading && ticket.attachments.length === 0) throw new NotFoundError('transcription');
  // Transcribing needs the sender's details as typed; looking back at a letter's reading does not.
  const shown = maskedTicket(ticket, ticket.status === 'TRANSCRIPTION_REVIEW' ? 'revealed' : 'masked');
  const scans = await Promise.all(
    [...ticket.attachments]
      .sort((a, b) => (a.page ?? 0) - (b.page ?? 0))
      .map(async (scan) => ({
        page: scan.page ?? 1,
        contentType: scan.contentType,
        ...(await deps.scans.downloadUrl(scan.key)),
      })),
  );
  return {
    ticketId,
    status: ticket.status,
    text: shown.text,
    citizen: shown.citizen,
    scans,
    reading: reading
      ? {
          confidence: reading.confidence,
          reasons: reading.reasons,
          pages: reading.pages,
          fields: reading.fields,
        }
      : null,
  };
}

export const TranscriptionSchema = z.strictObject({
  text: RequestTextSchema,
  citizen: CitizenInputSchema,
});
export type Transcription = z.output<typeof TranscriptionSchema>;

/** A reviewer typed (or corrected) the letter and its sender's details: on to classification. */
export async function completeTranscription(
  deps: { tickets: TicketStore; workflow: TaskTokens; now: () => Date },
  reviewer: string,
  ticketId: string,
  transcription: Transcription,
): Promise<Ticket> {
  const ticket = await requireTicket(deps.tickets, ticketId);
  const saved = await deps.tickets.saveTicketChange(
    changeStatus(ticket, {
      to: 'DIGITIZED',
      actor: staffActor(reviewer),
      reason: 'transcribed by a reviewer',
      now: deps.now(),
      patch: {
        text: transcription.text,
        citizen: {
          firstName: transcription.citizen.firstName,
          lastName: transcription.citizen.lastName,
          mobile: transcription.citizen.mobile,
          nationalId: transcription.citizen.nationalId ?? null,
        },
        // A person read the number off the scan: no OCR misreading left to confirm.
        mobileConfirmation: 'NOT_NEEDED',
      },
    }),
  );
  const wait = await deps.tickets.getWait(ticketId);
  if (wait?.kind === 'TRANSCRIPTION') await deps.workflow.resume(wait.taskToken, { decision: 'CLASSIFY' });
  return saved;
}
