import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelArtifactSchema } from '../../../shared/classifier/model-artifact.ts';

describe('train CLI', () => {
  it('includes reviewers’ labels and writes a versioned model artifact and term statistics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-train-'));
    const labels = join(dir, 'labels.jsonl');
    writeFileSync(
      labels,
      [
        {
          id: 'label-1',
          text: 'لوله آب شرب روستای ما ترکیده و آب نداریم',
          category: 'WATER_SEWAGE',
          urgent: true,
        },
        { id: 'label-2', text: 'برق مدرسه روستا قطع است', category: 'ELECTRICITY', urgent: false },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const out = join(dir, 'model.json');
    const stdout = execFileSync(process.execPath, ['cli/train.ts', '--include', labels, '--out', out], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(JSON.parse(stdout)).toMatchObject({ reviewed: 2, chosen: expect.any(String) });
    const artifact = ModelArtifactSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(artifact.version).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    expect(artifact.category.classes).toHaveLength(19);
    expect(JSON.parse(readFileSync(join(dir, 'dedupe-terms.json'), 'utf8')).format).toBe('pasokh-terms-v2');
  }, 60_000);
});
