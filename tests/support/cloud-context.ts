import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { eventually } from './api-client.ts';
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
  return { dataDir, services, credentials, keyOf, statusOf };
}
