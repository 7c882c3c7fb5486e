import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TaskClaim } from '../../domain/tasks.ts';
import type { TaskClaims } from '../task-claims.ts';
import { keys } from './keys.ts';

/** Claims as `TASKCLAIM#<taskId>` / `CLAIM`, expiring by TTL after their lease. */
export class DynamoDbTaskClaims implements TaskClaims {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async claim(taskId: string, staff: string, now: Date, leaseMs: number): Promise<TaskClaim | null> {
    const claim: TaskClaim = {
      taskId,
      claimedBy: staff,
      claimedAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.taskClaim(taskId),
            entity: 'TASK_CLAIM',
            ...claim,
            expiresAt: Math.ceil((now.getTime() + leaseMs) / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR claimedBy = :me OR leaseUntil < :now',
          ExpressionAttributeValues: { ':me': staff, ':now': claim.claimedAt },
        }),
      );
      return claim;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  async release(taskId: string, staff: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.taskClaim(taskId),
          ConditionExpression: 'claimedBy = :me',
          ExpressionAttributeValues: { ':me': staff },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(taskIds: readonly string[]): Promise<Map<string, TaskClaim>> {
    const found = new Map<string, TaskClaim>();
    for (let i = 0; i < taskIds.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: [...new Set(taskIds.slice(i, i + 100))].map((id) => keys.taskClaim(id)) },
      };
      while (request && Object.keys(request).length > 0) {
        const answer = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of answer.Responses?.[this.tableName] ?? [])
          found.set(String(item.taskId), {
            taskId: String(item.taskId),
            claimedBy: String(item.claimedBy),
            claimedAt: String(item.claimedAt),
            leaseUntil: String(item.leaseUntil),
          });
        request = answer.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }
}
