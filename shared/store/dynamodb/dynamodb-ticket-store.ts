import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type AuditEvent, AuditEventSchema } from '../../domain/audit.ts';
import type { IdentityHasher } from '../../domain/citizen.ts';
import { ConflictError, IdempotencyMismatchError } from '../../domain/errors.ts';
import type { Feedback } from '../../domain/feedback.ts';
import {
  changePosition,
  OPEN_REFERRAL_STATUSES,
  type Referral,
  ReferralSchema,
  type ReferralStatus,
} from '../../domain/referral.ts';
import type { TicketStatus } from '../../domain/status.ts';
import { type Ticket, type TicketChange, TicketSchema } from '../../domain/ticket.ts';
import type { WorkflowWait } from '../../domain/workflow-wait.ts';
import type { IndexedRequest } from '../dedupe-index.ts';
import type {
  CreateTicketResult,
  IdempotencyRequest,
  Page,
  PageRequest,
  ReferralChange,
  TicketStore,
} from '../ticket-store.ts';
import { putAll } from './batch-write.ts';
import { decodeCursor, encodeCursor, pageSize, queryIndex } from './cursor.ts';
import { dedupeIndexItems } from './dynamodb-dedupe-index.ts';
import {
  eventIndexAttributes,
  keys,
  referralIndexAttributes,
  ticketIndexAttributes,
  withoutTableAttributes,
} from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Idempotency records outlive any client retry by far; DynamoDB's TTL removes them after. */
const IDEMPOTENCY_TTL_SECONDS = 30 * 24 * 3600;

export interface DynamoDbTicketStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  identityHasher: IdentityHasher;
  now?: () => Date;
}

export class DynamoDbTicketStore implements TicketStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly hasher: IdentityHasher;
  private readonly now: () => Date;

  constructor(options: DynamoDbTicketStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.hasher = options.identityHasher;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One BatchWriteItem of items whose keys are new by construction (a fresh ticket id, a code from
   * the sequence), not a transaction: on DynamoDB a transaction costs twice the write units, and
   * on DynamoDB Local it serializes every writer. With an idempotency key, its record is claimed
   * first with a conditional put, so a repeat, even one racing the first, finds it; the record
   * keeps what the repeat needs to finish the first attempt's writes if that one died midway.
   */
  async createTicket(
    ticket: Ticket,
    event: AuditEvent,
    idempotency?: IdempotencyRequest,
  ): Promise<CreateTicketResult> {
    if (idempotency) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.idempotency(idempotency.scope, sha256(idempotency.key)),
              entity: 'IDEMPOTENCY',
              ticketId: ticket.ticketId,
              trackingCode: ticket.trackingCode,
              eventId: event.eventId,
              receivedAt: ticket.receivedAt,
              fingerprint: idempotency.fingerprint,
              expiresAt: Math.floor(this.now().getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return this.replayIdempotentCreate(idempotency, error.Item ? unmarshall(error.Item) : undefined, {
          ticket,
          event,
        });
      }
    }
    await putAll(this.client, this.tableName, [
      this.ticketItem(ticket),
      ...this.registrationItems(ticket, event),
    ]);
    return { ticket, created: true };
  }

  /** What hangs off a new ticket and never changes: its tracking code, first event and identity links. */
  private registrationItems(ticket: Ticket, event: AuditEvent): Record<string, unknown>[] {
    return [
      { ...keys.trackingCode(ticket.trackingCode), entity: 'TRACKING', ticketId: ticket.ticketId },
      this.eventItem(event),
      ...this.citizenLinks(null, ticket),
    ];
  }

  async idempotentTicketId(scope: string, key: string): Promise<string | null> {
    const record = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, sha256(key)),
        ConsistentRead: true,
      }),
    );
    return record.Item ? String(record.Item.ticketId) : null;
  }

  /**
   * A repeat of a keyed request. Its ticket is the first attempt's, opened again from the same
   * body with the ids, code and time the record kept: if the first attempt stored it, that one is
   * returned (with its immutable items written again, in case the attempt died midway); if not,
   * this attempt stores it, as the first would have.
   */
  private async replayIdempotentCreate(
    idempotency: IdempotencyRequest,
    returned: Record<string, unknown> | undefined,
    attempt: { ticket: Ticket; event: AuditEvent },
  ): Promise<CreateTicketResult> {
    const record =
      returned ??
      (
        await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: keys.idempotency(idempotency.scope, sha256(idempotency.key)),
            ConsistentRead: true,
          }),
        )
      ).Item;
    if (!record) throw new ConflictError('idempotency', idempotency.scope);
    if (record.fingerprint !== idempotency.fingerprint) throw new IdempotencyMismatchError();
    const receivedAt = String(record.receivedAt);
    const first: Ticket = {
      ...attempt.ticket,
      ticketId: String(record.ticketId),
      trackingCode: String(record.trackingCode),
      receivedAt,
      statusChangedAt: receivedAt,
      updatedAt: receivedAt,
    };
    const event: AuditEvent = {
      ...attempt.event,
      ticketId: first.ticketId,
      eventId: String(record.eventId),
      at: receivedAt,
    };
    const stored = await this.getTicket(first.ticketId);
    if (stored) {
      await putAll(this.client, this.tableName, this.registrationItems(stored, event));
      return { ticket: stored, created: false };
    }
    await putAll(this.client, this.tableName, this.registrationItems(first, event));
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.ticketItem(first),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Another repeat stored it a moment ago.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.getTicket(first.ticketId);
      if (!now) throw error;
      return { ticket: now, created: false };
    }
    return { ticket: first, created: true };
  }

  async getTicket(ticketId: string): Promise<Ticket | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.ticket(ticketId), ConsistentRead: true }),
    );
    return Item ? TicketSchema.parse(withoutTableAttributes(Item)) : null;
  }

  async getTickets(ticketIds: readonly string[]): Promise<Ticket[]> {
    const found = new Map<string, Ticket>();
    const unique = [...new Set(ticketIds)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let request: BatchGetCommandInput['RequestItems'] = {
        [this.tableName]: { Keys: unique.slice(i, i + BATCH_GET_MAX).map(keys.ticket), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length; attempt++) {
        if (attempt) await sleep(Math.min(1000, 50 * 2 ** attempt));
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: request }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const ticket = TicketSchema.parse(withoutTableAttributes(item));
          found.set(ticket.ticketId, ticket);
        }
        request = result.UnprocessedKeys;
      }
    }
    return ticketIds.flatMap((id) => found.get(id) ?? []);
  }

  async getTicketByTrackingCode(trackingCode: string): Promise<Ticket | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.trackingCode(trackingCode),
        ConsistentRead: true,
      }),
    );
    // An unknown code reads a ticket too (one that never exists), so the two answers take the
    // same calls and time: timing does not tell which codes exist.
    const ticket = await this.getTicket(Item ? String(Item.ticketId) : NO_TICKET);
    return Item ? ticket : null;
  }

  async saveTicketChange(change: TicketChange): Promise<Ticket> {
    await this.transact(
      [...this.ticketChangeItems(change), ...this.citizenLinkItems(change.before, change.after)],
      () => new ConflictError('ticket', change.before.ticketId),
    );
    return change.after;
  }

  async recordEvent(event: AuditEvent): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.eventItem(event),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getEvent(ticketId: string, at: string, eventId: string): Promise<AuditEvent | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.event({ ticketId, at, eventId }) }),
    );
    return Item ? AuditEventSchema.parse(withoutTableAttributes(Item)) : null;
  }

  async listEvents(ticketId: string): Promise<AuditEvent[]> {
    const { pk, skPrefix } = keys.eventsOf(ticketId);
    const events: AuditEvent[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) events.push(AuditEventSchema.parse(withoutTableAttributes(item)));
    }
    return events;
  }

  listByStatus(status: TicketStatus, page: PageRequest = {}): Promise<Page<Ticket>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi1',
      keys.queue(status),
      page,
      { forward: true },
      (item) => TicketSchema.parse(item),
    );
  }

  listByArea(
    query: { county: string; category: string | null; from: Date; to: Date },
    page: PageRequest = {},
  ): Promise<Page<Ticket>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi2',
      keys.area(query.county, query.category),
      page,
      // '#' sorts before every id character, so [from#, to#) covers receivedAt in [from, to).
      { forward: true, between: [`${query.from.toISOString()}#`, `${query.to.toISOString()}#`] },
      (item) => TicketSchema.parse(item),
    );
  }

  async listByCitizen(
    identity: { mobile?: string; nationalId?: string },
    page: PageRequest = {},
  ): Promise<Page<Ticket>> {
    const partition = identity.nationalId
      ? keys.citizen('N', this.hasher.nationalId(identity.nationalId))
      : identity.mobile
        ? keys.citizen('M', this.hasher.mobile(identity.mobile))
        : null;
    if (!partition) return { items: [], nextCursor: null };
    const links = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: pageSize(page.limit),
        ExclusiveStartKey: decodeCursor(page.cursor, { attribute: 'pk', value: partition }),
      }),
    );
    const tickets = await Promise.all(
      (links.Items ?? []).map((link) => this.getTicket(String(link.ticketId))),
    );
    return {
      items: tickets.filter((t): t is Ticket => t !== null),
      nextCursor: encodeCursor(links.LastEvaluatedKey),
    };
  }

  async createReferral(
    referral: Referral,
    ticketChange: TicketChange,
    wait?: WorkflowWait,
    indexed?: IndexedRequest,
  ): Promise<void> {
    await this.transact(
      [
        this.putNew(this.referralItem(referral)),
        ...this.ticketChangeItems(ticketChange),
        ...(wait ? [{ Put: { TableName: this.tableName, Item: this.waitItem(wait) } }] : []),
        ...this.indexItems(indexed),
      ],
      () => new ConflictError('ticket', ticketChange.before.ticketId),
    );
  }

  async getFeedback(ticketId: string, resolvedAt: string): Promise<Feedback | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.feedback(ticketId, resolvedAt),
        ConsistentRead: true,
      }),
    );
    return Item ? feedbackOf(Item) : null;
  }

  async saveFeedback(
    feedback: Feedback,
    outcome: { change: TicketChange } | { event: AuditEvent },
  ): Promise<void> {
    await this.transact(
      [
        this.putNew({
          ...keys.feedback(feedback.ticketId, feedback.resolvedAt),
          entity: 'FEEDBACK',
          gsi1pk: keys.agencyFeedback(feedback.agencyId),
          gsi1sk: `${feedback.at}#${feedback.ticketId}`,
          ...feedback,
        }),
        ...('change' in outcome
          ? this.ticketChangeItems(outcome.change)
          : [this.putNew(this.eventItem(outcome.event))]),
      ],
      () => new ConflictError('feedback', feedback.ticketId),
    );
  }

  listAgencyFeedback(
    agencyId: string,
    window: { from: Date; to: Date },
    page: PageRequest = {},
  ): Promise<Page<Feedback>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi1',
      keys.agencyFeedback(agencyId),
      page,
      { forward: true, between: [`${window.from.toISOString()}#`, `${window.to.toISOString()}#`] },
      feedbackOf,
    );
  }

  async putWait(wait: WorkflowWait): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.waitItem(wait) }));
  }

  async getWait(ticketId: string): Promise<WorkflowWait | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.wait(ticketId), ConsistentRead: true }),
    );
    if (!Item) return null;
    const { ticketId: id, kind, referralId, taskToken, since, ocrJobs } = Item;
    return {
      ticketId: String(id),
      kind,
      referralId: referralId ?? null,
      taskToken: String(taskToken),
      since: String(since),
      ...(ocrJobs ? { ocrJobs: ocrJobs as Record<string, string> } : {}),
    };
  }

  private indexItems(indexed: IndexedRequest | undefined): TransactItem[] {
    return indexed
      ? dedupeIndexItems(indexed).map((Item) => ({ Put: { TableName: this.tableName, Item } }))
      : [];
  }

  private waitItem(wait: WorkflowWait): Record<string, unknown> {
    return { ...keys.wait(wait.ticketId), entity: 'WAIT', ...wait };
  }

  async getReferral(referralId: string): Promise<Referral | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.referral(referralId), ConsistentRead: true }),
    );
    return Item ? ReferralSchema.parse(withoutTableAttributes(Item)) : null;
  }

  async getTicketAndReferral(
    ticketId: string,
    referralId: string,
  ): Promise<{ ticket: Ticket | null; referral: Referral | null }> {
    let request: BatchGetCommandInput['RequestItems'] = {
      [this.tableName]: { Keys: [keys.ticket(ticketId), keys.referral(referralId)], ConsistentRead: true },
    };
    let ticket: Ticket | null = null;
    let referral: Referral | null = null;
    for (let attempt = 0; request && Object.keys(request).length; attempt++) {
      if (attempt) await sleep(Math.min(1000, 50 * 2 ** attempt));
      const result: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({ RequestItems: request }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        if (item.entity === 'REFERRAL') referral = ReferralSchema.parse(withoutTableAttributes(item));
        else ticket = TicketSchema.parse(withoutTableAttributes(item));
      }
      request = result.UnprocessedKeys;
    }
    return { ticket, referral };
  }

  async joinReferral(join: {
    referralId: string;
    agencyId: string;
    now: Date;
    ticketChange: TicketChange;
    indexed?: IndexedRequest;
  }): Promise<void> {
    const open = Object.fromEntries(OPEN_REFERRAL_STATUSES.map((status, i) => [`:open${i}`, status]));
    await this.transact(
      [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.referral(join.referralId),
            UpdateExpression:
              'SET citizenCount = citizenCount + :one, version = version + :one, updatedAt = :now, gsi4sk = :changed',
            ConditionExpression: `agencyId = :agency AND #status IN (${Object.keys(open).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':now': join.now.toISOString(),
              ':changed': changePosition({ updatedAt: join.now.toISOString(), referralId: join.referralId }),
              ':agency': join.agencyId,
              ...open,
            },
          },
        },
        ...this.ticketChangeItems(join.ticketChange),
        ...this.indexItems(join.indexed),
      ],
      () => new ConflictError('referral', join.referralId),
    );
  }

  async saveReferralChange(change: ReferralChange): Promise<Referral> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: this.referralItem(change.after),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': change.before.version },
        },
      },
    ];
    if (change.ticketChange) {
      items.push(...this.ticketChangeItems(change.ticketChange));
    }
    if (change.event) items.push(this.putNew(this.eventItem(change.event)));
    const updateIndex = items.length;
    if (change.updateId) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.referralUpdate(change.before.referralId, change.updateId),
            entity: 'REFERRAL_UPDATE',
            result: change.after,
            ...(change.updateFingerprint ? { fingerprint: change.updateFingerprint } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return change.after;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const replay = reasons[updateIndex];
      if (change.updateId && replay?.Code === 'ConditionalCheckFailed') {
        const stored = replay.Item ?? (await this.getUpdate(change.before.referralId, change.updateId));
        if (stored?.result) return this.replayedUpdate(stored, change.updateFingerprint);
      }
      if (reasons.some(isStale)) {
        throw new ConflictError('referral', change.before.referralId);
      }
      throw error;
    }
  }

  /** The referral as left by an agency update already applied under this update id, if any. */
  async findReferralUpdate(
    referralId: string,
    updateId: string,
    fingerprint?: string,
  ): Promise<Referral | null> {
    const stored = await this.getUpdate(referralId, updateId);
    return stored?.result ? this.replayedUpdate(stored, fingerprint) : null;
  }

  private replayedUpdate(stored: Record<string, unknown>, fingerprint: string | undefined): Referral {
    if (fingerprint && stored.fingerprint && stored.fingerprint !== fingerprint)
      throw new IdempotencyMismatchError();
    return ReferralSchema.parse(stored.result);
  }

  private async getUpdate(referralId: string, updateId: string) {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.referralUpdate(referralId, updateId),
        ConsistentRead: true,
      }),
    );
    return Item;
  }

  listAgencyInbox(agencyId: string, status: ReferralStatus, page: PageRequest = {}): Promise<Page<Referral>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi1',
      keys.inbox(agencyId, status),
      page,
      { forward: true },
      (item) => ReferralSchema.parse(item),
    );
  }

  listOpenReferrals(agencyId: string, dueBefore: Date, page: PageRequest = {}): Promise<Page<Referral>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi3',
      keys.agencyReferrals(agencyId, true),
      page,
      { forward: true, before: `${dueBefore.toISOString()}#` },
      (item) => ReferralSchema.parse(item),
    );
  }

  listEventsByActor(
    actor: { type: 'staff' | 'agency'; id: string },
    range: { from: string; to: string },
    page: PageRequest = {},
  ): Promise<Page<AuditEvent>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi1',
      keys.actorEvents(actor.type, actor.id),
      page,
      { forward: false, between: [range.from, `${range.to}~`] },
      (item) => AuditEventSchema.parse(item),
    );
  }

  async listAgencyChanges(agencyId: string, after: string | null, limit: number): Promise<Referral[]> {
    const page = await queryIndex(
      this.client,
      this.tableName,
      'gsi4',
      keys.agencyChanges(agencyId),
      { limit },
      { forward: true, ...(after ? { after } : {}) },
      (item) => ReferralSchema.parse(item),
    );
    return page.items;
  }

  async listReferralsOfTicket(ticketId: string): Promise<Referral[]> {
    const all: Referral[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Referral> = await queryIndex(
        this.client,
        this.tableName,
        'gsi2',
        keys.referralsOfTicket(ticketId),
        { cursor, limit: 200 },
        { forward: true },
        (item) => ReferralSchema.parse(item),
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  listCluster(clusterId: string, page: PageRequest = {}): Promise<Page<Ticket>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi3',
      keys.cluster(clusterId),
      page,
      { forward: true },
      (item) => TicketSchema.parse(item),
    );
  }

  // --- item builders and plumbing ---

  private ticketItem(ticket: Ticket): Record<string, unknown> {
    return { ...keys.ticket(ticket.ticketId), entity: 'TICKET', ...ticketIndexAttributes(ticket), ...ticket };
  }

  private referralItem(referral: Referral): Record<string, unknown> {
    return {
      ...keys.referral(referral.referralId),
      entity: 'REFERRAL',
      ...referralIndexAttributes(referral),
      ...referral,
    };
  }

  private eventItem(event: AuditEvent): Record<string, unknown> {
    return { ...keys.event(event), entity: 'EVENT', ...eventIndexAttributes(event), ...event };
  }

  /** The ticket's change with its history events. */
  private ticketChangeItems(change: TicketChange): TransactItem[] {
    return [
      this.ticketChangeItem(change),
      ...(change.earlierEvents ?? []).map((event) => this.putNew(this.eventItem(event))),
      this.putNew(this.eventItem(change.event)),
    ];
  }

  /** Overwrites the ticket only if nobody changed it since it was read. */
  private ticketChangeItem(change: TicketChange): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: this.ticketItem(change.after),
        ConditionExpression: 'version = :version AND #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':version': change.before.version, ':status': change.before.status },
      },
    };
  }

  /** Links from hashed identities to the ticket, for identities that are new in `after`. */
  private citizenLinks(before: Ticket | null, after: Ticket): Record<string, unknown>[] {
    const { mobile, nationalId } = after.citizen;
    const link = (key: { pk: string; sk: string }) => ({
      ...key,
      entity: 'CITIZEN_LINK',
      ticketId: after.ticketId,
    });
    return [
      ...(mobile && mobile !== before?.citizen.mobile
        ? [link(keys.citizenLink('M', this.hasher.mobile(mobile), after))]
        : []),
      ...(nationalId && nationalId !== before?.citizen.nationalId
        ? [link(keys.citizenLink('N', this.hasher.nationalId(nationalId), after))]
        : []),
    ];
  }

  private citizenLinkItems(before: Ticket | null, after: Ticket): TransactItem[] {
    return this.citizenLinks(before, after).map((Item) => ({ Put: { TableName: this.tableName, Item } }));
  }

  private putNew(item: Record<string, unknown>): TransactItem {
    return {
      Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    };
  }

  private async transact(items: TransactItem[], onConflict: () => Error): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.some(isStale)) throw onConflict();
      throw error;
    }
  }
}

/** A ticket id no ticket has (not a ULID a registration could draw). */
const NO_TICKET = '00000000000000000000000000';

/** BatchGetItem's limit of keys per call. */
const BATCH_GET_MAX = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A failed condition, or a concurrent transaction on the same item: either way the writer's
 * view is stale and it must re-read before trying again.
 */
const isStale = (reason: CancellationReason) =>
  reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict';

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/** The per-item reasons of a cancelled transaction (unmarshalled), or null for any other error. */
function cancellationReasons(error: unknown): CancellationReason[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  return (error.CancellationReasons ?? []).map((reason) => ({
    Code: reason.Code,
    Item: reason.Item ? unmarshall(reason.Item) : undefined,
  }));
}

function feedbackOf(item: Record<string, unknown>): Feedback {
  return {
    ticketId: String(item.ticketId),
    agencyId: (item.agencyId as string | null) ?? null,
    referralId: (item.referralId as string | null) ?? null,
    category: (item.category as string | null) ?? null,
    county: String(item.county),
    rating: Number(item.rating),
    comment: (item.comment as string | null) ?? null,
    at: String(item.at),
    resolvedAt: String(item.resolvedAt),
    reopened: item.reopened === true,
  };
}
