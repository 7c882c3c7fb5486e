import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
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
  return { dataDir, services, credentials, keyOf };
}
