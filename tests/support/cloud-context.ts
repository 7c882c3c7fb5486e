import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { call, eventually } from './api-client.ts';
import { cloudServices } from './cloud-store.ts';
import type { CloudCredentials } from './local-cloud.ts';

/** The shared local cloud of a cloud test file: its services, credentials and agency keys. */
export function cloudContext() {
  const { dataDir } = inject('cloud');
  const services = cloudServices(dataDir);
  const credentials = JSON.parse(
    readFileSync(join(dataDir, 'local-credentials.json'), 'utf8'),
  ) as CloudCredentials;
  const keyOf = (agencyId: string) => credentials.agencies.find((a) => a.id === agencyId)?.apiKey as string;
  /** The ticket once it has reached `status` (the workflow runs asynchronously). */
  const statusOf = (ticketId: string, status: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const ticket = await services.tickets.getTicket(ticketId);
        return ticket?.status === status ? ticket : undefined;
      },
      timeoutMs,
      `${ticketId} to be ${status}`,
    );
  /** The ticket's workflow, past a result, waiting for the citizen's feedback. */
  const awaitingFeedback = (ticketId: string) =>
    eventually(
      async () => {
        const wait = await services.tickets.getWait(ticketId);
        return wait?.kind === 'FEEDBACK' && (await services.executionStatus(ticketId)) === 'RUNNING'
          ? wait
          : undefined;
      },
      20_000,
      `${ticketId} to wait for feedback`,
    );
  /** A bearer token of the first seeded staff member with `role`, from the local identity. */
  const tokenFor = async (role: string): Promise<string> => {
    const staff = credentials.staff.find((s) => s.roles.includes(role));
    if (!staff) throw new Error(`no seeded staff member is ${role}`);
    const login = await call('POST', '/api/v1/local/login', {
      body: { username: staff.username, password: staff.password },
    });
    if (login.status !== 200) throw new Error(`login as ${role} failed: ${login.status}`);
    return login.body.token as string;
  };
  return { dataDir, services, credentials, keyOf, statusOf, tokenFor, awaitingFeedback };
}
