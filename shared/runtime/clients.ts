import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TextractClient } from '@aws-sdk/client-textract';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdentityHasher } from '../domain/citizen.ts';
import { createIdentityHasher } from '../security/identity-hash.ts';
import { trackingCodeCipher } from '../security/tracking-code-cipher.ts';
import { tracer } from './powertools.ts';

/**
 * SDK clients, created once per process and traced. Endpoints come from the SDK's standard
 * configuration: in the local cloud AWS_ENDPOINT_URL_<SERVICE> points them at local services.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let sfnClient: SFNClient | undefined;
let s3Client: S3Client | undefined;
let textractClient: TextractClient | undefined;
let snsClient: SNSClient | undefined;

export function sns(): SNSClient {
  snsClient ??= tracer.captureAWSv3Client(new SNSClient({}));
  return snsClient;
}

export function textract(): TextractClient {
  textractClient ??= tracer.captureAWSv3Client(new TextractClient({}));
  return textractClient;
}

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function sqs(): SQSClient {
  sqsClient ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqsClient;
}

export function sfn(): SFNClient {
  sfnClient ??= tracer.captureAWSv3Client(new SFNClient({}));
  return sfnClient;
}

export function s3(): S3Client {
  // A local S3 endpoint has no per-bucket host names, so it is addressed by path there; AWS uses
  // virtual-hosted addressing as usual.
  s3Client ??= tracer.captureAWSv3Client(
    new S3Client({
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
      // Otherwise presigned uploads carry a checksum of an empty body and every real upload fails.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
  );
  return s3Client;
}

const secrets = new Map<string, Promise<string>>();

/** A secret's value, read from Secrets Manager once per cold start (and again after a failed read). */
export function secretValue(secretId: string): Promise<string> {
  let value = secrets.get(secretId);
  if (!value) {
    value = new SecretsManagerClient({})
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then(({ SecretString }) => {
        if (!SecretString) throw new Error(`secret ${secretId} is empty`);
        return SecretString;
      });
    value.catch(() => secrets.delete(secretId));
    secrets.set(secretId, value);
  }
  return value;
}

/** The identity hasher, keyed by the deployment's hash secret. */
export async function identityHasher(secretId: string): Promise<IdentityHasher> {
  return createIdentityHasher(await secretValue(secretId));
}

/** The tracking code permutation, keyed from the same secret (a key of its own is derived). */
export async function trackingCodeCipherFor(secretId: string): Promise<(sequence: number) => string> {
  return trackingCodeCipher(await secretValue(secretId));
}
