import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger, tracer } from '../runtime/powertools.ts';
import { errorResponses } from './middlewares/error-responses.ts';
import { type JsonEvent, jsonBody } from './middlewares/json-body.ts';

type Handler<E> = (event: E, context: Context) => Promise<APIGatewayProxyResult>;

/** The middleware stack every HTTP function shares; `json: true` adds body parsing. */
export function httpHandler(
  handler: Handler<APIGatewayProxyEvent>,
): middy.MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult>;
export function httpHandler(
  handler: Handler<JsonEvent>,
  options: { json: true; limitBytes?: number; allowEmpty?: boolean },
): middy.MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult>;
export function httpHandler(
  handler: Handler<APIGatewayProxyEvent> | Handler<JsonEvent>,
  options: { json?: boolean; limitBytes?: number; allowEmpty?: boolean } = {},
) {
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(errorResponses(logger));
  if (options.json) {
    chain.use(
      jsonBody({
        ...(options.limitBytes ? { limitBytes: options.limitBytes } : {}),
        ...(options.allowEmpty ? { allowEmpty: true } : {}),
      }),
    );
  }
  return chain.handler(handler as Handler<APIGatewayProxyEvent>);
}
