import type { TestProject } from 'vitest/node';
import { startCloudProcess } from './local-cloud.ts';

/** One local cloud (`npm start` in a child process) shared by the cloud tests of a run. */
export default async function setup(project: TestProject) {
  const cloud = await startCloudProcess();
  project.provide('cloud', { url: cloud.url, dataDir: cloud.dataDir, port: cloud.port });
  return async () => {
    await cloud.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: { url: string; dataDir: string; port: number };
  }
}
