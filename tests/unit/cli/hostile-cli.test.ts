import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/constructs/pasokh-function.ts';

/**
 * Hostile input to every command-line tool: lines and arguments an attacker or a careless paste
 * would give. A tool answers with a message on stderr (never a stack trace) and an exit code, and
 * a JSONL tool reports each bad line by number and goes on with the rest.
 */
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m;
const hostile = fc.oneof(
  fc.constantFrom(
    '../../../etc/shadow',
    '<script>alert(1)</script>',
    '\u202Eexe.txt',
    '\u0000\u001b[2J\u0007',
    "' OR 1=1 --",
    '--__proto__',
    '-',
    '%00',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 5_000, max: 60_000 }).map((n) => 'ج'.repeat(n)),
);
const hostileLine = fc.oneof(
  hostile,
  fc.constantFrom('{', '[1,2', 'null', '42', '"text"', '{"id":', '{"text":null}', '{"id":{},"text":[]}'),
  fc.record({ id: fc.oneof(fc.string(), fc.integer()), text: hostile }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(hostile, fc.oneof(hostile, fc.integer(), fc.constant(null)), { maxKeys: 4 })
    .map((v) => JSON.stringify(v)),
);

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
}

describe('the JSONL tools, fed hostile lines', () => {
  it.each(['extract', 'classify', 'dedupe'])('%s reports each bad line and answers every good one', (cli) => {
    const lines = fc.sample(hostileLine, { numRuns: 60, seed: 1405 }).map((l) => l.replace(/[\r\n]/g, ' '));
    const valid = [
      JSON.stringify({ id: 'good-1', text: 'برق روستای ما سه روز است قطع است', county: 'ILAM' }),
      JSON.stringify({ id: 'good-2', text: '<b>آب</b> کوچه ما قطع است \u202E', county: 'ILAM' }),
    ];
    const result = run([`cli/${cli}.ts`, '-'], [...valid, ...lines].join('\n'));
    expect(result.signal).toBeNull();
    expect([0, 1]).toContain(result.status);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const outputs = result.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: unknown });
    expect(outputs.map((o) => o.id)).toEqual(expect.arrayContaining(['good-1', 'good-2']));
    const skipped = result.stderr.split('\n').filter((l) => /^line \d+: /.test(l));
    const nonEmpty = [...valid, ...lines].filter((l) => l.trim() !== '').length;
    expect(outputs.length + skipped.length).toBe(nonEmpty);
    expect(result.status).toBe(skipped.length ? 1 : 0);
  });
});

describe('the other tools, given hostile arguments', () => {
  // No local cloud here: the tools that need one must say so, not crash.
  const nowhere = mkdtempSync(join(tmpdir(), 'pasokh-no-cloud-'));
  const cases: Array<[string, string[]]> = [
    ['ops', ['<script>']],
    ['ops', ['history', '../../../etc/shadow']],
    // (NUL cannot be passed in an argument at all.)
    ['ops', ['executions', '--status', '\u0001\u001b\u202E']],
    ['invoke', ['../../../etc/passwd']],
    ['invoke', ['submit-request', '/nonexistent/../../event.json']],
    ['labels', ['export', '--since', 'ج'.repeat(10_000)]],
    ['labels', ['--__proto__']],
    ['ocr', ['../../../etc/shadow']],
    ['ocr', ['README.md']],
    ['train', ['--out', '/etc/passwd', '--bogus']],
    ['train', ['--include', '../../../nope.jsonl']],
    ['eval', ['--include', '<script>']],
  ];

  it('covers every tool in cli/ (the JSONL ones above, the rest here)', () => {
    // The tools are what package.json's scripts run from cli/ (the rest of cli/ is their helpers).
    const scripts = Object.values(
      (
        JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const tools = [
      ...new Set(scripts.flatMap((s) => [...s.matchAll(/cli\/([\w-]+)\.ts/g)].map((m) => m[1] as string))),
    ];
    expect(tools.length).toBeGreaterThan(8);
    const covered = new Set(['extract', 'classify', 'dedupe', ...cases.map(([cli]) => cli)]);
    expect(tools.filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(cases.map(([cli, args]) => [`${cli} ${JSON.stringify(args).slice(0, 60)}`, cli, args] as const))(
    '%s fails with a message, not a crash',
    (_name, cli, args) => {
      const result = run([`cli/${cli}.ts`, ...args], '', { PASOKH_DATA_DIR: nowhere });
      expect(result.signal).toBeNull();
      expect(result.status).not.toBe(0);
      expect(result.stderr.trim().length).toBeGreaterThan(0);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    },
  );
});
