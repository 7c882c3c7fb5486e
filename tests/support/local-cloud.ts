import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { freePort } from '../../local/free-port.ts';

export interface CloudCredentials {
  apiBaseUrl: string;
  agencies: Array<{ id: string; name: string; categories: string[]; apiKey: string }>;
  staff: Array<{ username: string; password: string; roles: string[]; county?: string }>;
}

export interface CloudProcess {
  url: string;
  port: number;
  dataDir: string;
  credentials(): CloudCredentials;
  endpoints(): Record<string, string>;
  tableName(): string;
  /** Ctrl-C: a clean shutdown. */
  stop(): Promise<void>;
  /** kill -9: the machine losing power. */
  kill(): Promise<void>;
  output(): string;
  pid: number;
}

/** Settings that make timers short enough for tests; everything else is as `npm start` runs it. */
export const TEST_CLOUD_ENV = {
  PASOKH_LOCAL_FAULTS: '1',
  // What the functions log in AWS, so the privacy sweep reads what an operator's log would hold.
  PASOKH_LOG_LEVEL: 'INFO',
  PASOKH_LOCAL_SCHEDULE_SECONDS: '2',
  PASOKH_LOCAL_TEST_ENV: JSON.stringify({
    RECONCILE_GRACE_SECONDS: '2',
    REFERENCE_CACHE_SECONDS: '0',
    WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS: '0',
  }),
};

/** Runs `node local/start.ts` (what `npm start` runs) as a child process and waits for /health. */
export async function startCloudProcess(
  options: { dataDir?: string; port?: number; env?: Record<string, string> } = {},
): Promise<CloudProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pasokh-cloud-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['local/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(options.env ?? TEST_CLOUD_ENV), PORT: String(port), PASOKH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // All of it, function logs included, is kept in the data directory for the privacy sweep.
  const logFile = createWriteStream(join(dataDir, 'cloud-output.log'), { flags: 'a' });
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (c: Buffer) => {
      logFile.write(c);
      log = (log + c.toString()).slice(-20_000);
    });
  child.once('exit', () => logFile.end());
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local cloud exited during start:\n${log}`);
    try {
      const health = await fetch(`${url}/health`);
      if (health.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local cloud not healthy within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const readJson = (file: string) => JSON.parse(readFileSync(join(dataDir, file), 'utf8'));
  return {
    url,
    port,
    dataDir,
    credentials: () => readJson('local-credentials.json') as CloudCredentials,
    endpoints: () => readJson('local-cloud.json').endpoints as Record<string, string>,
    tableName: () => String(readJson('local-cloud.json').resources.TABLE_NAME),
    output: () => log,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      // DynamoDB Local is the cloud's child: without the parent it must go too.
      spawn('pkill', ['-f', `dbPath ${join(dataDir, 'dynamodb')}`]).on('error', () => undefined);
    },
  };
}
