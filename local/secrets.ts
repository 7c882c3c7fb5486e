import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { AwsServiceError, createAwsJsonServer } from './aws-json-server.ts';

/**
 * Secrets Manager's GetSecretValue for the template's secrets. Values are generated on first
 * start (as GenerateSecretString would) and kept under the data directory.
 */
export class LocalSecrets {
  private readonly values: Record<string, string>;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
    this.values = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>)
      : {};
  }

  /** Makes sure a secret exists; returns its ARN. */
  ensure(arn: string, length: number): string {
    if (!this.values[arn]) {
      this.values[arn] = randomBytes(length).toString('base64url').slice(0, length);
      writeFileSync(this.file, JSON.stringify(this.values, null, 2), { mode: 0o600 });
    }
    return arn;
  }

  /**
   * Replaces CloudFormation's dynamic references to secrets ({{resolve:secretsmanager:ARN:...}},
   * which CDK writes for a secret's value) in a resolved template value with the values.
   */
  resolveReferences(value: unknown): unknown {
    if (typeof value === 'string')
      return value.replace(
        /\{\{resolve:secretsmanager:(arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:[^:}]+)(?::[^}]*)?\}\}/g,
        (_, arn: string) => {
          const secret = this.values[arn];
          if (secret === undefined) throw new Error(`local cloud has no secret ${arn}`);
          return secret;
        },
      );
    if (Array.isArray(value)) return value.map((v) => this.resolveReferences(v));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveReferences(v)]));
    return value;
  }

  server(): Server {
    return createAwsJsonServer('secretsmanager', 'application/x-amz-json-1.1', {
      GetSecretValue: (body) => {
        const id = String(body.SecretId ?? '');
        const value = this.values[id];
        if (value === undefined)
          throw new AwsServiceError('ResourceNotFoundException', `Secrets Manager can't find ${id}`);
        return {
          ARN: id,
          Name: id.split(':').pop(),
          SecretString: value,
          VersionId: 'local',
          CreatedDate: 0,
        };
      },
    });
  }
}
