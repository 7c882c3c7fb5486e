import type { Server } from 'node:http';
import { close, listen } from '../aws-json-server.ts';
import { AccessLog, type DeniedStyle, gatekeeper, InjectedFaults, type Principal } from './gatekeeper.ts';
import type { Statement } from './policy.ts';
import {
  dynamoDbPermissions,
  type LocalArns,
  type PermissionsOf,
  s3Permissions,
  secretsPermissions,
  snsPermissions,
  sqsPermissions,
  stepFunctionsPermissions,
  textractPermissions,
} from './requests.ts';

export type GuardedService = 'dynamodb' | 'sqs' | 'sfn' | 'secretsManager' | 's3' | 'textract' | 'sns';

/**
 * One gatekeeper in front of each local service, all sharing the functions' principals (access
 * key → role statements), the access log and the faults tests arm.
 */
export async function startGatekeepers(options: {
  /** Where each service really listens, and the port its gatekeeper takes. */
  services: Record<GuardedService, { upstream: string; port: number }>;
  /** Each function's access key and its role's statements. */
  principals: ReadonlyMap<string, Principal>;
  arns: LocalArns;
  faultInjection: boolean;
}): Promise<{ log: AccessLog; faults: InjectedFaults; stop(): Promise<void> }> {
  const log = new AccessLog();
  const faults = new InjectedFaults();
  const guards: Array<[GuardedService, PermissionsOf, DeniedStyle]> = [
    ['dynamodb', dynamoDbPermissions(options.arns), 'json'],
    ['sqs', sqsPermissions(options.arns), 'json'],
    ['sfn', stepFunctionsPermissions(options.arns), 'json'],
    ['secretsManager', secretsPermissions, 'json'],
    ['s3', s3Permissions, 'xml'],
    ['textract', textractPermissions, 'json'],
    ['sns', snsPermissions, 'xml'],
  ];
  const servers: Server[] = [];
  for (const [service, permissionsOf, denied] of guards) {
    const server = gatekeeper({
      upstream: options.services[service].upstream,
      principals: options.principals,
      permissionsOf,
      service,
      denied,
      log,
      ...(options.faultInjection ? { faults } : {}),
    });
    await listen(server, options.services[service].port);
    servers.push(server);
  }
  return { log, faults, stop: async () => void (await Promise.all(servers.map(close))) };
}

/** Principals by access key, from each function's statements. */
export function principalsOf(
  policies: ReadonlyMap<string, Statement[]>,
  accessKey: (functionId: string) => string,
): Map<string, Principal> {
  return new Map([...policies].map(([id, statements]) => [accessKey(id), { functionId: id, statements }]));
}
