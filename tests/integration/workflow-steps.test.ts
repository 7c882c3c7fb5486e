import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskTokens } from '../../shared/adapters/ticket-workflow.ts';
import { bundledClassifier } from '../../shared/classifier/bundled-model.ts';
import { bundledTermStatistics } from '../../shared/dedupe/bundled-terms.ts';
import { DEFAULT_DEDUPE_POLICY } from '../../shared/dedupe/matcher.ts';
import { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { createIdentityHasher } from '../../shared/security/identity-hash.ts';
import { acknowledge, respond } from '../../shared/services/agency-referrals.ts';
import { decideClassification } from '../../shared/services/review.ts';
import { awaitAgencyStep } from '../../shared/services/workflow/await-agency.ts';
import { awaitCitizenStep } from '../../shared/services/workflow/await-citizen.ts';
import { classifyStep } from '../../shared/services/workflow/classify.ts';
import { escalateStep } from '../../shared/services/workflow/escalate.ts';
import { flagOverdueWaitStep } from '../../shared/services/workflow/flag-overdue-wait.ts';
import { referStep } from '../../shared/services/workflow/refer.ts';
import { NO_ANSWER_NOTE, resumeReferralStep } from '../../shared/services/workflow/resume-referral.ts';
import type { WorkflowStepDeps } from '../../shared/services/workflow/step.ts';
import { DynamoDbDedupeIndex } from '../../shared/store/dynamodb/dynamodb-dedupe-index.ts';
import { DynamoDbLabelStore } from '../../shared/store/dynamodb/dynamodb-label-store.ts';
import { DynamoDbTicketStore } from '../../shared/store/dynamodb/dynamodb-ticket-store.ts';
import { countCalls } from '../support/call-counter.ts';
import { freshTable } from '../support/dynamodb.ts';
import { webTicket } from '../support/fixtures.ts';

/** Records what the steps resume; the workflow engine itself is tested in the cloud tests. */
class RecordingTaskTokens implements TaskTokens {
  readonly resumed: Array<{ token: string; output: object }> = [];
  async resume(token: string, output: object) {
    this.resumed.push({ token, output });
    return true;
  }
  async fail() {
    return true;
  }
}

const reference = loadSeedReferenceData();
let deps: WorkflowStepDeps;
let tokens: RecordingTaskTokens;
let now = new Date('2026-11-29T08:00:00Z');

let counted: ReturnType<typeof countCalls>;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  counted = countCalls(doc);
  tokens = new RecordingTaskTokens();
  deps = {
    tickets: new DynamoDbTicketStore({
      client: doc,
      tableName,
      identityHasher: createIdentityHasher('x'.repeat(40)),
    }),
    catalog: async () => new ReferenceCatalog(reference),
    classifier: bundledClassifier(reference.categories),
    workflow: tokens,
    now: () => now,
    confidenceThreshold: 0.5,
    dedupe: {
      index: new DynamoDbDedupeIndex({ client: doc, tableName }),
      stats: bundledTermStatistics(),
      policy: DEFAULT_DEDUPE_POLICY,
      citizenKey: () => null,
    },
  };
});

/** The two steps as the workflow runs them: Classify's answer goes to Refer. */
async function classifyAndRefer(ticketId: string) {
  const classification = await classifyStep(deps, ticketId);
  return referStep(deps, { ticketId, classification });
}

async function registered(text: string) {
  const { ticket, event } = webTicket({ text });
  await deps.tickets.createTicket(ticket, event);
  return ticket;
}

describe('workflow steps', () => {
  it('classify then refer: a confident request reaches its agency with the SLA due date', async () => {
    const ticket = await registered('آب شرب روستا قطع است و لوله آب شکسته؛ تانکر آب هم نمی‌آید.');
    const classified = await classifyStep(deps, ticket.ticketId);
    expect(classified).toMatchObject({ decision: 'REFER', category: 'WATER_SEWAGE', urgency: 'NORMAL' });
    // Repeating the step (a retry) gives the same answer and writes nothing new.
    expect((await classifyStep(deps, ticket.ticketId)).decision).toBe('REFER');
    // Nothing is written until the referral, which carries the classification with it.
    expect((await deps.tickets.getTicket(ticket.ticketId))?.status).toBe('RECEIVED');
    const plan = await referStep(deps, { ticketId: ticket.ticketId, classification: classified });
    const referral = await deps.tickets.getReferral(plan.referralId);
    expect(referral).toMatchObject({ agencyId: 'water-wastewater', status: 'PENDING' });
    expect(await deps.tickets.getTicket(ticket.ticketId)).toMatchObject({
      status: 'REFERRED',
      category: 'WATER_SEWAGE',
      agencyId: 'water-wastewater',
    });
    expect(
      (await deps.tickets.listEvents(ticket.ticketId)).map((e) => `${e.type} ${e.from}->${e.to}`),
    ).toEqual(['REGISTERED null->RECEIVED', 'CLASSIFIED RECEIVED->RECEIVED', 'REFERRED RECEIVED->REFERRED']);
    // 7 working days from Sunday 29 Nov (Thu/Fri off): due at the end of Tuesday 8 Dec, Tehran time.
    expect(referral?.dueAt).toBe('2026-12-08T20:30:00.000Z');
    // The workflow looks again first at the reminder, a fifth of the SLA before the due date.
    const due = Date.parse('2026-12-08T20:30:00Z');
    const reminder = due - (due - Date.parse(String(referral?.createdAt))) * 0.2;
    expect(plan.seconds).toBe(Math.ceil((reminder - now.getTime()) / 1000));
    // A repeated Refer finds the open referral instead of creating another.
    expect(
      (await referStep(deps, { ticketId: ticket.ticketId, classification: classified })).referralId,
    ).toBe(plan.referralId);
    expect(await deps.tickets.listReferralsOfTicket(ticket.ticketId)).toHaveLength(1);
  });

  it('costs at most 10 DynamoDB calls from submission to a referral the agency sees, new issue or duplicate', async () => {
    const path = async (text: string) => {
      counted.reset();
      const { ticket, event } = webTicket({ text, county: 'CHARDAVOL', citizen: null });
      // As the web app sends it: with an idempotency key (its record is one of the calls).
      await deps.tickets.createTicket(ticket, event, {
        scope: 'web',
        key: ticket.ticketId,
        fingerprint: 'f',
      });
      const plan = await classifyAndRefer(ticket.ticketId);
      await awaitAgencyStep(deps, {
        ticketId: ticket.ticketId,
        referralId: plan.referralId,
        taskToken: `t-${ticket.ticketId}`,
      });
      return { plan, calls: counted.calls.map((c) => c.command) };
    };
    const first = await path('ترانس برق روستای سرچقا سوخته و سه روز است برق نداریم.');
    const second = await path('سلام ترانس سرچقا سوخته سه روزه برق نداریم تو تاریکی موندیم');
    expect(second.plan.referralId).toBe(first.plan.referralId);
    for (const { calls } of [first, second]) expect(calls.length).toBeLessThanOrEqual(10);
    const inbox = await deps.tickets.listAgencyInbox('power-distribution', 'PENDING');
    expect(inbox.items.find((r) => r.referralId === first.plan.referralId)?.citizenCount).toBe(2);
  });

  it('sends an unclear request to review', async () => {
    const ticket = await registered('سلام، خسته نباشید.');
    expect((await classifyStep(deps, ticket.ticketId)).decision).toBe('REVIEW');
    expect((await deps.tickets.getTicket(ticket.ticketId))?.status).toBe('CLASSIFICATION_REVIEW');
  });

  it('escalates a review nobody did in time, and leaves alone a ticket that moved on', async () => {
    const ticket = await registered('سلام، وقت بخیر.');
    await classifyStep(deps, ticket.ticketId);
    await flagOverdueWaitStep(deps, { ticketId: ticket.ticketId });
    const flagged = await deps.tickets.getTicket(ticket.ticketId);
    expect(flagged?.waitEscalatedAt).toBe(now.toISOString());
    const events = await deps.tickets.listEvents(ticket.ticketId);
    expect(events.at(-1)).toMatchObject({
      type: 'ESCALATED',
      from: 'CLASSIFICATION_REVIEW',
      to: 'CLASSIFICATION_REVIEW',
    });
    // Referred meanwhile: the flag goes with the move, and a late check writes nothing.
    const { doc, tableName } = await freshTable();
    await decideClassification(
      { ...deps, labels: new DynamoDbLabelStore({ client: doc, tableName }) },
      'reviewer-1',
      ticket.ticketId,
      { decision: 'REFER', category: 'WATER_SEWAGE' },
    );
    await referStep(deps, { ticketId: ticket.ticketId });
    const moved = await deps.tickets.getTicket(ticket.ticketId);
    expect(moved?.status).toBe('REFERRED');
    expect(moved?.waitEscalatedAt).toBeNull();
    const count = (await deps.tickets.listEvents(ticket.ticketId)).length;
    await flagOverdueWaitStep(deps, { ticketId: ticket.ticketId });
    expect((await deps.tickets.listEvents(ticket.ticketId)).length).toBe(count);
  });

  it('resumes at once when the agency answered before the wait recorded its token', async () => {
    const ticket = await registered('برق کوچه قطع است و تیر برق افتاده است.');
    const plan = await classifyAndRefer(ticket.ticketId);
    const agency = { tickets: deps.tickets, workflow: tokens, now: deps.now };
    await acknowledge(agency, 'power-distribution', plan.referralId);
    await respond(agency, 'power-distribution', plan.referralId, {
      updateId: 'u1',
      outcome: 'RESOLVED',
      message: 'وصل شد',
    });
    await awaitAgencyStep(deps, {
      ticketId: ticket.ticketId,
      referralId: plan.referralId,
      taskToken: 'token-late',
    });
    expect(tokens.resumed.find((r) => r.token === 'token-late')?.output).toEqual({ outcome: 'RESOLVED' });
  });

  it('escalates an overdue referral once per level, by time, then keeps following it up', async () => {
    const ticket = await registered('گاز محله قطع است و انشعاب گاز نداریم؛ کنتور گاز خراب است.');
    const plan = await classifyAndRefer(ticket.ticketId);
    const referral = await deps.tickets.getReferral(plan.referralId);
    const due = Date.parse(referral?.dueAt as string);
    const sla = due - Date.parse(referral?.createdAt as string);
    const levels: number[] = [];
    for (const t of [due + 1000, due + 2000, due + sla * 0.5 + 1000, due + sla * 2]) {
      now = new Date(t);
      levels.push(
        (await escalateStep(deps, { ticketId: ticket.ticketId, referralId: plan.referralId }))
          .escalationLevel,
      );
    }
    expect(levels).toEqual([1, 1, 2, 2]);
    const escalations = (await deps.tickets.listEvents(ticket.ticketId)).filter(
      (e) => e.type === 'ESCALATED',
    );
    expect(escalations).toHaveLength(2);
    now = new Date('2026-11-29T08:00:00Z');
  });

  it('refers three letters about one issue once, and resolves all three with one answer', async () => {
    const letters = [
      'آب آشامیدنی روستای مله‌سیاه یک هفته است قطع شده؛ لطفاً رسیدگی کنید',
      'سلام آب آشامیدنی روستای مله سیاه یک هفته است قطع شده توروخدا یه کاری بکنید',
      'ریاست محترم جمهوری، با سلام؛ آب آشامیدنی روستای مله‌سیاه یک هفته است قطع شده است',
    ];
    const plans = [];
    const tickets = [];
    for (const text of letters) {
      const { ticket, event } = webTicket({ text, county: 'EYVAN', citizen: null });
      await deps.tickets.createTicket(ticket, event);
      plans.push(await classifyAndRefer(ticket.ticketId));
      tickets.push(ticket);
    }
    expect(new Set(plans.map((p) => p.referralId)).size).toBe(1);
    const referral = await deps.tickets.getReferral(plans[0]?.referralId as string);
    expect(referral?.citizenCount).toBe(3);
    for (const [i, ticket] of tickets.entries()) {
      await awaitAgencyStep(deps, {
        ticketId: ticket.ticketId,
        referralId: referral?.referralId as string,
        taskToken: `cluster-${i}`,
      });
    }
    const agency = { tickets: deps.tickets, workflow: tokens, now: deps.now };
    await respond(agency, 'water-wastewater', referral?.referralId as string, {
      updateId: 'fixed',
      outcome: 'RESOLVED',
      message: 'خط انتقال تعمیر شد',
      publicSummary: 'آب روستا وصل شد.',
    });
    for (const ticket of tickets)
      expect((await deps.tickets.getTicket(ticket.ticketId))?.status).toBe('RESOLVED');
    expect(
      tokens.resumed
        .filter((r) => r.token.startsWith('cluster-'))
        .map((r) => r.token)
        .sort(),
    ).toEqual(['cluster-0', 'cluster-1', 'cluster-2']);
  });

  it('sends the wait back to review when a reviewer re-routed the ticket before the wait was recorded', async () => {
    const ticket = await registered('برق کوچه قطع است و تیر برق افتاده است و سیم‌ها آویزان است.');
    const plan = await classifyAndRefer(ticket.ticketId);
    const { doc, tableName } = await freshTable();
    const labels = new DynamoDbLabelStore({ client: doc, tableName });
    const classified = (await deps.tickets.getTicket(ticket.ticketId))?.category;
    await decideClassification({ ...deps, labels }, 'reviewer1', ticket.ticketId, {
      decision: 'REFER',
      category: 'MUNICIPAL',
    });
    // The label keeps what it was before, for the report of what reviewers correct most.
    expect(await labels.list(new Date('2026-01-01'), new Date('2027-01-01'))).toEqual([
      expect.objectContaining({ category: 'MUNICIPAL', previousCategory: classified, source: 'reroute' }),
    ]);
    await awaitAgencyStep(deps, {
      ticketId: ticket.ticketId,
      referralId: plan.referralId,
      taskToken: 'late-reroute',
    });
    expect(tokens.resumed.find((r) => r.token === 'late-reroute')?.output).toEqual({
      outcome: 'NOT_RESPONSIBLE',
    });
  });

  it('when the citizen does not answer in time, restarts the clock with the due date moved on and lets the agency decide', async () => {
    const ticket = await registered('آب روستا قطع است و لوله اصلی آب ترکیده است.');
    const plan = await classifyAndRefer(ticket.ticketId);
    const agency = { tickets: deps.tickets, workflow: tokens, now: deps.now };
    const due = Date.parse(String((await deps.tickets.getReferral(plan.referralId))?.dueAt));
    await respond(agency, 'water-wastewater', plan.referralId, {
      updateId: 'ask',
      outcome: 'NEEDS_INFO',
      message: 'نشانی؟',
      publicSummary: 'نشانی دقیق را بفرستید.',
    });
    await awaitCitizenStep(deps, {
      ticketId: ticket.ticketId,
      referralId: plan.referralId,
      taskToken: 'citizen-wait',
    });
    expect(tokens.resumed.find((r) => r.token === 'citizen-wait')).toBeUndefined();
    const fourteenDays = 14 * 86_400_000;
    now = new Date(now.getTime() + fourteenDays);
    const next = await resumeReferralStep(deps, { ticketId: ticket.ticketId, referralId: plan.referralId });
    const referral = await deps.tickets.getReferral(plan.referralId);
    expect(referral).toMatchObject({ status: 'NEEDS_INFO', pausedAt: null, lastMessage: NO_ANSWER_NOTE });
    expect(Date.parse(String(referral?.dueAt)) - due).toBe(fourteenDays);
    expect(next).toMatchObject({ outcome: 'OPEN', referralId: plan.referralId });
    const movedDue = Date.parse(String(referral?.dueAt));
    const movedReminder = movedDue - (movedDue - Date.parse(String(referral?.createdAt))) * 0.2;
    expect(next.seconds).toBe(Math.ceil((movedReminder - now.getTime()) / 1000));
    // The agency closes it with a result, which the waiting workflow hears of.
    await awaitAgencyStep(deps, {
      ticketId: ticket.ticketId,
      referralId: plan.referralId,
      taskToken: 'agency-after',
    });
    await respond(agency, 'water-wastewater', plan.referralId, {
      updateId: 'close',
      outcome: 'RESOLVED',
      message: 'بسته شد',
    });
    expect(tokens.resumed.find((r) => r.token === 'agency-after')?.output).toEqual({ outcome: 'RESOLVED' });
    now = new Date('2026-11-29T08:00:00Z');
  });
});
