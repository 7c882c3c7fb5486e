import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nationalIdFrom } from '../../support/fixtures.ts';

const run = promisify(execFile);
const nid = nationalIdFrom('460896888');

async function extract(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-extract-'));
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, lines.join('\n'));
  try {
    const { stdout, stderr } = await run(process.execPath, ['cli/extract.ts', file]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('extract CLI', () => {
  it('writes one result line per input line, ASCII digits or null', async () => {
    const result = await extract([
      JSON.stringify({ id: 'a', text: `کد ملی ${nid} همراه ۰۹۱۸۱۲۳۴۵۶۷ کدپستی ۶۹۳۱۷۴۵۶۸۱` }),
      JSON.stringify({ id: 2, text: 'بدون شماره' }),
    ]);
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: 'a', mobile: '09181234567', nationalId: nid, postalCode: '6931745681' },
      { id: 2, mobile: null, nationalId: null, postalCode: null },
    ]);
  });

  it('reports bad lines on stderr, goes on, and exits non-zero', async () => {
    const result = await extract([
      '{not json',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 'c', text: 'سلام' }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 1');
    expect(result.stderr).toContain('line 2');
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('fails with usage on a missing file', async () => {
    const { stdout, stderr, code } = await run(process.execPath, [
      'cli/extract.ts',
      '/no/such/file.jsonl',
    ]).then(
      (ok) => ({ ...ok, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no such file');
  });
});
