import { RemovalPolicy } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { message } from '../../shared/domain/messages.ts';
import {
  LOOKUPS_PER_VIEWER,
  ORIGIN_VERIFY_HEADER,
  PUBLIC_REQUESTS_PER_VIEWER,
  RATE_WINDOW_SECONDS,
  VIEWER_HEADER,
} from '../../shared/http/edge.ts';
import { gatewayResponseBody } from '../../shared/http/gateway-responses.ts';
import { acknowledge } from '../nag.ts';
import { API_STAGE } from './api.ts';

type Statement = CfnWebACL.StatementProperty;

const byteMatch = (
  fieldToMatch: CfnWebACL.FieldToMatchProperty,
  positionalConstraint: 'EXACTLY' | 'STARTS_WITH',
  searchString: string,
): Statement => ({
  byteMatchStatement: {
    fieldToMatch,
    positionalConstraint,
    searchString,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});
const pathStartsWith = (prefix: string) => byteMatch({ uriPath: {} }, 'STARTS_WITH', prefix);
const methodIs = (method: string) => byteMatch({ method: {} }, 'EXACTLY', method);
const not = (statement: Statement): Statement => ({ notStatement: { statement } });
const and = (...statements: Statement[]): Statement => ({ andStatement: { statements } });
const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: false,
});

/**
 * The API's WAF. CloudFront names each viewer in a header (infra/edge/name-viewer.js) and proves
 * the request came through it with a generated secret header, so rate limits count citizens,
 * not CloudFront's few edge addresses, and a caller cannot dodge them by going around CloudFront.
 * The operations API is the exception: it is IAM-signed, and a signature does not survive
 * CloudFront's change of Host, so it is called on the API's own address.
 */
export class ApiFirewall extends Construct {
  /** The value CloudFront sends in ORIGIN_VERIFY_HEADER. */
  readonly originVerify: Secret;

  constructor(scope: Construct, id: string, props: { stage: Stage }) {
    super(scope, id);
    const stage = `/${API_STAGE}`;
    this.originVerify = new Secret(this, 'OriginVerify', {
      description: 'Header value CloudFront sends so the API refuses requests that bypass it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(this.originVerify, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'CloudFront and the WAF read this value at deploy time; rotating it is a stack update (docs/operations.md).',
      },
    ]);
    const viewerRate = (limit: number, scopeDownStatement: Statement): Statement => ({
      rateBasedStatement: {
        limit,
        evaluationWindowSec: RATE_WINDOW_SECONDS,
        aggregateKeyType: 'CUSTOM_KEYS',
        customKeys: [
          { header: { name: VIEWER_HEADER, textTransformations: [{ priority: 0, type: 'NONE' }] } },
        ],
        scopeDownStatement,
      },
    });
    const tooMany = {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: 'too-many-requests',
          responseHeaders: [
            { name: 'retry-after', value: '60' },
            { name: 'cache-control', value: 'no-store' },
          ],
        },
      },
    };
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('pasokh-api'),
      customResponseBodies: {
        'too-many-requests': {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: { code: 'too_many_requests', message: message('too_many_requests') },
          }),
        },
        'not-through-cloudfront': {
          contentType: 'APPLICATION_JSON',
          content: gatewayResponseBody('ACCESS_DENIED'),
        },
      },
      rules: [
        {
          name: 'only-through-cloudfront',
          priority: 0,
          action: {
            block: {
              customResponse: { responseCode: 403, customResponseBodyKey: 'not-through-cloudfront' },
            },
          },
          statement: and(
            pathStartsWith(`${stage}/api/`),
            not(pathStartsWith(`${stage}/api/v1/ops/`)),
            not(
              byteMatch(
                { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
                'EXACTLY',
                this.originVerify.secretValue.unsafeUnwrap(),
              ),
            ),
          ),
          visibilityConfig: visibility('only-through-cloudfront'),
        },
        {
          name: 'tracking-lookups-per-viewer',
          priority: 1,
          action: tooMany,
          statement: viewerRate(
            LOOKUPS_PER_VIEWER,
            and(methodIs('GET'), pathStartsWith(`${stage}/api/v1/requests/`)),
          ),
          visibilityConfig: visibility('tracking-lookups-per-viewer'),
        },
        {
          name: 'public-requests-per-viewer',
          priority: 2,
          action: tooMany,
          statement: viewerRate(PUBLIC_REQUESTS_PER_VIEWER, pathStartsWith(`${stage}/api/v1/requests`)),
          visibilityConfig: visibility('public-requests-per-viewer'),
        },
        {
          name: 'aws-common',
          priority: 3,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Its 8 KB body limit would refuse a long letter (up to 20,000 characters, two
              // bytes each in UTF-8); the API's own limits apply instead.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('aws-common'),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: acl.attrArn,
    });
  }
}
