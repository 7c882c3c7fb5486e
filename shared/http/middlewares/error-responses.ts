import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { message } from '../../domain/messages.ts';
import { HttpError } from '../http-error.ts';
import { json } from '../responses.ts';

const STATUS_FOR_KIND: Record<DomainError['kind'], number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  idempotency_mismatch: 422,
  outside_county: 403,
};

interface ErrorLogger {
  error(message: string, ...extra: unknown[]): void;
}

/**
 * Turns errors into the API's error body: `{"error": {"code", "message": {"fa", "en"}, "problems"?}}`.
 * Expected errors keep their status; anything else is a 500 whose detail goes to the log (ids and
 * error names only) and never to the caller.
 */
export function errorResponses(
  logger: ErrorLogger,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof HttpError) {
        request.response = json(error.statusCode, {
          error: { code: error.code, message: error.text, ...error.details },
        });
      } else if (error instanceof ValidationError) {
        request.response = json(400, {
          error: { code: 'validation_failed', message: error.text, problems: error.problems },
        });
      } else if (error instanceof DomainError) {
        request.response = json(STATUS_FOR_KIND[error.kind], {
          error: { code: error.kind, message: error.text },
        });
      } else {
        logger.error('unhandled error', {
          errorName: error?.name,
          errorMessage: error?.message,
          stack: error?.stack,
        });
        request.response = json(500, {
          error: { code: 'internal_error', message: message('internal_error') },
        });
      }
    },
  };
}
