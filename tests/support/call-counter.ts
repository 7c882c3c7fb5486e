import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One DynamoDB call as a test sees it: the command and what it asked for and got. */
export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

/** Records every call the client makes from now on (a middleware on the real client, no mock). */
export function countCalls(client: DynamoDBDocumentClient): { calls: RecordedCall[]; reset(): void } {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      calls.push({
        command: String(context.commandName),
        input: args.input as Record<string, unknown>,
        output: result.output as Record<string, unknown>,
      });
      return result;
    },
    { step: 'initialize', name: `count-calls-${Math.random()}` },
  );
  return { calls, reset: () => void calls.splice(0) };
}
