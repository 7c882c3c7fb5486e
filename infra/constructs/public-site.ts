import { join } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/edge.ts';
import { acknowledge } from '../nag.ts';
import { REPO_ROOT } from './pasokh-function.ts';

/** Scripts, styles, fonts, images and calls from this origin only; no plug-ins, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** CloudFront in front of the web app (S3) and the API, so the browser talks to one origin. */
export class PublicSite extends Construct {
  readonly distribution: Distribution;
  readonly webBucket: Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: { api: RestApi; originVerify: ISecret; accessLogs: IBucket },
  ) {
    super(scope, id);
    this.webBucket = new Bucket(this, 'Web', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'web/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Everything the distribution serves, the app and the API alike, carries these headers; the
    // local cloud reads this policy from the template and sends the same (local/gateway).
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Pasokh: content only from this origin, never framed, no referrer, HTTPS only',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Pasokh web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.webBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: securityHeaders,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new RestApiOrigin(props.api, {
            customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerify.secretValue.unsafeUnwrap() },
          }),
          functionAssociations: [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: new CloudFrontFunction(this, 'NameViewer', {
                comment: 'Names the viewer for the API rate limits',
                runtime: FunctionRuntime.JS_2_0,
                code: FunctionCode.fromFile({ filePath: join(REPO_ROOT, 'infra', 'edge', 'name-viewer.js') }),
              }),
            },
          ],
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
    });
    new BucketDeployment(this, 'WebContent', {
      sources: [Source.asset(join(REPO_ROOT, 'web'))],
      destinationBucket: this.webBucket,
      distribution: this.distribution,
      memoryLimit: 256,
    });
    // The deployment's function is a stack-level singleton, so its finding is acknowledged there.
    acknowledge(Stack.of(this), [
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.webBucket.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: 'The web content deployment replaces every object of the web bucket.',
      },
    ]);
    acknowledge(this, [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Citizens abroad (and Iranians on foreign networks) must reach the service; no geo restriction.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'CloudFront WAF must live in us-east-1; the API behind it has a regional WAF with rate limits.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default CloudFront certificate is used until the province attaches its domain and ACM certificate.',
      },
    ]);
  }
}
