import type { TestProject } from 'vitest/node';
import { startCloudProcess } from './local-cloud.ts';
import { privacySweep } from './privacy-sweep.ts';

/**
 * One local cloud (`npm start` in a child process) shared by the cloud tests of a run. When they
 * are done, the privacy sweep searches what it logged, its executions and its public answers for
 * the personal data they submitted; any hit fails the run.
 */
export default async function setup(project: TestProject) {
  const cloud = await startCloudProcess();
  project.provide('cloud', { url: cloud.url, dataDir: cloud.dataDir, port: cloud.port });
  return async () => {
    try {
      const { found, searched } = await privacySweep(cloud);
      if (found.length) {
        // Vitest reports an error thrown here but still exits 0: the exit code fails the run.
        process.exitCode = 1;
        throw new Error(
          `privacy sweep: personal data the tests submitted was found ${found.length} times:\n${[...new Set(found)].slice(0, 40).join('\n')}`,
        );
      }
      process.stdout.write(`privacy sweep: no personal data found; searched ${searched}\n`);
    } finally {
      await cloud.stop();
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: { url: string; dataDir: string; port: number };
  }
}
