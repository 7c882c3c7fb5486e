import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { startLocalCloud } from './cloud.ts';
import { JavaMissingError } from './dynamodb-local.ts';

/**
 * `npm start`: the whole of Pasokh on http://localhost:$PORT (default 3000), data under .data/.
 * Ctrl-C stops it cleanly; waiting workflows resume at the next start.
 */
const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.PASOKH_DATA_DIR ?? join(REPO_ROOT, '.data');
const started = Date.now();

const testOverrides = process.env.PASOKH_LOCAL_TEST_ENV
  ? (JSON.parse(process.env.PASOKH_LOCAL_TEST_ENV) as Record<string, string>)
  : undefined;

try {
  const cloud = await startLocalCloud({
    port,
    dataDir,
    log: (line) => console.error(`[local +${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`),
    faultInjection: process.env.PASOKH_LOCAL_FAULTS === '1',
    ...(testOverrides ? { environment: testOverrides } : {}),
    ...(process.env.PASOKH_LOCAL_SCHEDULE_SECONDS
      ? { scheduleSeconds: Number(process.env.PASOKH_LOCAL_SCHEDULE_SECONDS) }
      : {}),
  });
  const credentials = JSON.parse(readFileSync(cloud.credentialsFile, 'utf8')) as {
    agencies: Array<{ id: string }>;
    staff: Array<{ username: string; roles: string[] }>;
  };
  console.log(`Pasokh local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  web app        ${cloud.url}/`);
  console.log(`  API            ${cloud.url}/api/v1/...`);
  console.log(`  health         ${cloud.url}/health`);
  // Passwords and keys stay in the credentials file (mode 600): a terminal's scrollback, a shared
  // screen or a CI log is no place for them.
  console.log(`  credentials    ${cloud.credentialsFile} (staff passwords, agency API keys)`);
  console.log(
    `  staff          ${credentials.staff.map((s) => `${s.username} [${s.roles.join(', ')}]`).join(', ')} (POST /api/v1/local/login)`,
  );
  console.log(`  agencies       ${credentials.agencies.length}, each with its key (header x-api-key)`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[local] ${signal}: stopping`);
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissingError || (error instanceof Error && error.name === 'PortInUseError')) {
    console.error(`Pasokh local cloud cannot start: ${error.message}`);
  } else {
    console.error('Pasokh local cloud failed to start:', error);
  }
  process.exit(1);
}
