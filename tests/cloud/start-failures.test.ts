import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['local/start.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PASOKH_DATA_DIR: mkdtempSync(join(tmpdir(), 'pasokh-fail-')), ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm start refuses to start, clearly', () => {
  it('when the port is taken', async () => {
    const { code, output } = await start({ PORT: String(inject('cloud').port) });
    expect(code).toBe(1);
    expect(output).toMatch(/port \d+ is already in use/);
  });

  it('when Java is missing', async () => {
    const { code, output } = await start({ PORT: '0', PATH: '/nonexistent' });
    expect(code).toBe(1);
    expect(output).toMatch(/Java 17\+/);
  });
});
