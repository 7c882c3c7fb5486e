import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import { logger, metrics, tracer } from './powertools.ts';

/**
 * An EventBridge target's Lambda entry: validates the event, runs the handler, publishes the
 * metrics it recorded (only when there are some: no empty flush logged per invocation), and lets
 * errors propagate so EventBridge retries and then dead-letters the event.
 */
export function eventHandler<S extends z.ZodType, R>(schema: S, handle: (event: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .handler(async (event) => {
      try {
        return await handle(schema.parse(event));
      } finally {
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      }
    });
}
