import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_REGION } from './cloudformation/intrinsics.ts';

export interface StreamMapping {
  functionLogicalId: string;
  tableName: string;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  /** Retries of a failing batch before it goes to the failure queue; -1: until the record expires. */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  /** Lambda event filter patterns (JSON); a record matching none is skipped, as Lambda drops it. */
  filters: unknown[];
  /** An SQS queue URL for batches that exhausted their retries. */
  onFailureQueueUrl: string | null;
}

/**
 * Lambda's DynamoDB Streams event source: reads each shard of the table's stream in order,
 * filters records by the mapping's patterns, invokes the function with batches, and on failure
 * retries (bisecting, or from the first failed item it reports) with backoff, then sends the
 * batch's position to the failure queue and moves on. Its position in each shard is kept in
 * `checkpointFile`, so a restart goes on where the last one stopped.
 */
export class DynamoDbStreamSource {
  private running = true;
  private loop: Promise<void> | undefined;
  private readonly checkpoints: Record<string, string>;

  private readonly options: {
    ddb: DynamoDBClient;
    streams: DynamoDBStreamsClient;
    sqs: SQSClient;
    mapping: StreamMapping;
    checkpointFile: string;
    invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
    onError: (error: unknown) => void;
    pollMs?: number;
  };

  constructor(options: DynamoDbStreamSource['options']) {
    this.options = options;
    this.checkpoints = existsSync(options.checkpointFile)
      ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>)
      : {};
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { ddb, streams, mapping } = this.options;
    const table = await ddb.send(new DescribeTableCommand({ TableName: mapping.tableName }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${mapping.tableName} has no stream`);
    const iterators = new Map<string, string | undefined>();
    while (this.running) {
      try {
        const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        for (const shard of described.StreamDescription?.Shards ?? []) {
          const shardId = shard.ShardId ?? '';
          if (iterators.has(shardId)) continue;
          const after = this.checkpoints[shardId];
          const iterator = await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ...(after
                ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
                : { ShardIteratorType: mapping.startingPosition }),
            }),
          );
          iterators.set(shardId, iterator.ShardIterator);
        }
        let read = 0;
        for (const [shardId, iterator] of iterators) {
          if (!iterator || !this.running) continue;
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          iterators.set(shardId, page.NextShardIterator);
          const records = page.Records ?? [];
          read += records.length;
          for (let i = 0; i < records.length && this.running; i += mapping.batchSize)
            await this.deliver(shardId, streamArn, records.slice(i, i + mapping.batchSize));
        }
        if (read === 0) await sleep(this.options.pollMs ?? 200);
      } catch (error) {
        if (!this.running) return;
        this.options.onError(error);
        // An expired or stale iterator is asked for again from the checkpoint.
        iterators.clear();
        await sleep(1000);
      }
    }
  }

  /** One batch of a shard, filtered, delivered until it succeeds or its retries run out. */
  private async deliver(shardId: string, streamArn: string, records: _Record[]): Promise<void> {
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    const batch = records
      .map((r) => lambdaRecord(r, streamArn))
      .filter((r) => matchesAny(this.options.mapping.filters, r));
    await this.deliverBatch(shardId, streamArn, batch);
    if (last && this.running) this.checkpoint(shardId, last);
  }

  private async deliverBatch(shardId: string, streamArn: string, batch: DynamoDBRecord[]): Promise<void> {
    const { mapping } = this.options;
    let pending = batch;
    for (let attempt = 0; pending.length > 0 && this.running; attempt++) {
      const failedFrom = await this.invoke(pending);
      if (failedFrom === null) return;
      if (mapping.maximumRetryAttempts >= 0 && attempt >= mapping.maximumRetryAttempts) {
        await this.giveUp(shardId, streamArn, pending.slice(failedFrom));
        return;
      }
      await sleep(Math.min(30_000, 200 * 2 ** attempt));
      if (failedFrom === 0 && mapping.bisectBatchOnFunctionError && pending.length > 1) {
        // A batch that failed as a whole is split, each half retried on its own, in order.
        const half = Math.ceil(pending.length / 2);
        await this.deliverBatch(shardId, streamArn, pending.slice(0, half));
        pending = pending.slice(half);
        attempt = -1;
        continue;
      }
      pending = pending.slice(failedFrom);
    }
  }

  /** Index of the first record to retry, or null when the whole batch succeeded. */
  private async invoke(records: DynamoDBRecord[]): Promise<number | null> {
    try {
      const result = (await this.options.invoke({ Records: records })) as DynamoDBBatchResponse | null;
      if (!this.options.mapping.reportBatchItemFailures) return null;
      const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      const index = records.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      return index < 0 ? null : index;
    } catch (error) {
      this.options.onError(error);
      return 0;
    }
  }

  /** As Lambda's on-failure destination: where the records were, not the records themselves. */
  private async giveUp(shardId: string, streamArn: string, records: DynamoDBRecord[]): Promise<void> {
    const { onFailureQueueUrl, functionLogicalId } = this.options.mapping;
    if (!onFailureQueueUrl) return;
    await this.options.sqs.send(
      new SendMessageCommand({
        QueueUrl: onFailureQueueUrl,
        MessageBody: JSON.stringify({
          requestContext: { functionArn: functionLogicalId, condition: 'RetryAttemptsExhausted' },
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId,
            streamArn,
            batchSize: records.length,
            startSequenceNumber: records[0]?.dynamodb?.SequenceNumber,
            endSequenceNumber: records.at(-1)?.dynamodb?.SequenceNumber,
          },
        }),
      }),
    );
  }

  private checkpoint(shardId: string, sequenceNumber: string): void {
    this.checkpoints[shardId] = sequenceNumber;
    writeFileSync(this.options.checkpointFile, JSON.stringify(this.checkpoints));
  }
}

function lambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime:
        record.dynamodb?.ApproximateCreationDateTime instanceof Date
          ? record.dynamodb.ApproximateCreationDateTime.getTime() / 1000
          : Date.now() / 1000,
    },
  };
}

/**
 * Lambda's event filtering, for the patterns Pasokh writes: objects whose leaves are lists of
 * allowed values (exact strings or numbers, or `{"prefix": …}`). No pattern: every record.
 */
export function matchesAny(patterns: readonly unknown[], record: unknown): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matches(pattern, record));
}

function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern))
    return pattern.some((allowed) =>
      allowed !== null && typeof allowed === 'object' && 'prefix' in allowed
        ? typeof value === 'string' && value.startsWith(String((allowed as { prefix: unknown }).prefix))
        : allowed === value,
    );
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, inner]) =>
      matches(inner, (value as Record<string, unknown>)[key]),
    );
  }
  return pattern === value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
