/**
 * `npm audit --omit=dev` for the code that ships: fails on any high or critical advisory. When
 * the registry's advisory service cannot be reached (some networks only proxy package downloads),
 * it says so loudly and exits 0 with "audit: BLOCKED": an audit that did not run is reported as
 * not run, never as passed.
 */
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report: {
  metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
  error?: { summary?: string; detail?: string };
  message?: string;
};
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = { error: { summary: (run.stderr || run.stdout).trim().split('\n').at(-1) ?? 'no output' } };
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const reason =
    report.message ?? report.error?.summary ?? (run.stderr.trim().split('\n').at(-1) || 'no report');
  console.error(`audit: BLOCKED: the advisory service did not answer (${reason}); nothing was audited`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.error(
  `audit: ${report.metadata?.dependencies?.prod ?? '?'} production dependencies; ` +
    Object.entries(counts)
      .map(([level, n]) => `${level} ${n}`)
      .join(', '),
);
if (serious > 0) {
  console.error('audit: high or critical advisories: run `npm audit --omit=dev` for the list');
  process.exit(1);
}
