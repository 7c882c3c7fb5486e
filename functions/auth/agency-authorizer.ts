import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { header } from '../../shared/http/request.ts';
import { apiKeyStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';

/**
 * REQUEST authorizer for the agency API: maps the `x-api-key` header to the agency it was issued
 * to. Unknown and revoked keys get an explicit Deny (403). The Allow covers every agency route
 * of the stage, because API Gateway caches the answer per key for all of them; each handler
 * then scopes what it reads to `requestContext.authorizer.agencyId`.
 */
const keys = apiKeyStore();

export const handler = async (
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  const apiKey = header(event, 'x-api-key') ?? '';
  const agencyId = apiKey ? await keys.findAgency(apiKey) : null;
  const [arnPrefix, stage] = event.methodArn.split('/');
  const resource = `${arnPrefix}/${stage}/*/api/v1/agency/*`;
  if (!agencyId) {
    logger.info('agency API key refused');
    return { principalId: 'anonymous', policyDocument: policy('Deny', resource) };
  }
  return { principalId: agencyId, policyDocument: policy('Allow', resource), context: { agencyId } };
};

function policy(effect: 'Allow' | 'Deny', resource: string): APIGatewayAuthorizerResult['policyDocument'] {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  };
}
