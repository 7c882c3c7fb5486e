import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import { logger, tracer } from './powertools.ts';

/**
 * A workflow step's Lambda entry: validates the payload the state machine sends, runs the step,
 * and lets errors propagate by name so the state machine's Retry and Catch can match them.
 */
export function workflowStep<S extends z.ZodType, R>(schema: S, step: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .handler(async (event) => {
      const input = schema.parse(event);
      logger.appendKeys({ ticketId: (input as { ticketId?: string }).ticketId });
      return step(input);
    });
}
