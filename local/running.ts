import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where running local clouds say where they are, so tools (`npm run invoke`, `ops`, `labels`)
 * find the one running whatever its data directory: one small file per cloud process, removed at
 * stop; a file whose process is gone is ignored.
 */
const REGISTRY = join(tmpdir(), 'pasokh-local-clouds');

export interface RunningCloud {
  pid: number;
  port: number;
  url: string;
  dataDir: string;
}

export function announceRunning(cloud: RunningCloud): () => void {
  mkdirSync(REGISTRY, { recursive: true });
  const file = join(REGISTRY, `${cloud.pid}.json`);
  writeFileSync(file, JSON.stringify(cloud));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function runningClouds(): RunningCloud[] {
  if (!existsSync(REGISTRY)) return [];
  return readdirSync(REGISTRY)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(REGISTRY, f), 'utf8')) as RunningCloud];
      } catch {
        return [];
      }
    })
    .filter((cloud) => alive(cloud.pid) && existsSync(join(cloud.dataDir, 'local-cloud.json')));
}

/**
 * The data directory of the local cloud a tool should use: PASOKH_DATA_DIR if set; else the one
 * running (on PORT, if several run); else the default `.data` if a cloud ever ran there.
 */
export function localCloudDataDir(defaultDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.PASOKH_DATA_DIR) return env.PASOKH_DATA_DIR;
  let running = runningClouds();
  if (running.length > 1 && env.PORT) running = running.filter((c) => String(c.port) === env.PORT);
  if (running.length === 1) return (running[0] as RunningCloud).dataDir;
  if (running.length > 1)
    throw new Error(
      `several local clouds are running (${running.map((c) => `port ${c.port}: ${c.dataDir}`).join('; ')}); set PORT or PASOKH_DATA_DIR`,
    );
  return defaultDir;
}
