import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { cloudContext } from '../support/cloud-context.ts';

/**
 * The documentation's examples, run as a reader would paste them: every ```sh block of the README
 * and docs/ (blocks marked `sh aws` or `sh setup` need an AWS account or install things, and are
 * not run), in bash, against the cloud tests' local cloud, with nothing set but PORT and
 * PASOKH_DATA_DIR (where a reader's `npm start` would have its port and data).
 */
const { dataDir } = cloudContext();
const port = new URL(JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')).apiBaseUrl as string)
  .port;

const documents = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((f) => join('docs', f))].filter(
  (f) => f.endsWith('.md'),
);
const examples = documents.flatMap((file) =>
  [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map(
    (match, i) => [`${file} #${i + 1}`, match[1] as string] as const,
  ),
);

describe('the documentation', () => {
  it('has examples to run in the README and in every page that shows commands', () => {
    const covered = new Set(examples.map(([name]) => name.split(' ')[0]));
    for (const file of [
      'README.md',
      'docs/api.md',
      'docs/local-cloud.md',
      'docs/cli.md',
      'docs/operations.md',
    ])
      expect(covered).toContain(file);
  });

  it('npm run invoke finds the running cloud without being told its data directory, and its sample works there', () => {
    const run = spawnSync('npm', ['run', '--silent', 'invoke', '--', 'track-request'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: port },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    // The sample's placeholder code became this cloud's sample case, which its citizen can follow.
    const answer = JSON.parse(run.stdout) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: expect.any(String), agency: expect.anything() });
  });

  it.each(examples)('%s runs as written', (_name, script) => {
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: port,
        PASOKH_DATA_DIR: dataDir,
      },
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect({ status: run.status, stderr: run.stderr.slice(-1500) }).toMatchObject({ status: 0 });
  });
});
