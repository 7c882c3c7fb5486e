import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';

/**
 * Line-by-line JSONL for the command-line tools: streams input of any size, reports bad lines
 * on stderr with their number and goes on, and writes results to stdout as they are ready.
 */
export async function* readJsonl(path: string): AsyncGenerator<{ line: number; value: unknown }> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch {
      process.stderr.write(`line ${line}: not valid JSON, skipped\n`);
      process.exitCode = 1;
    }
  }
}

export function writeJsonl(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Runs a CLI's main, turning a thrown error into one line on stderr and exit code 2. */
export function runCli(usage: string, main: (args: string[]) => Promise<void>): void {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stderr.write(`${usage}\n`);
    process.exitCode = args.length === 0 ? 2 : 0;
    return;
  }
  main(args).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}

/**
 * Reads `path` line by line, validates each line with `schema` and writes what `map` returns;
 * a line that does not fit is reported on stderr (naming `expected`) and skipped, exit code 1.
 */
export async function mapJsonl<S extends z.ZodType>(
  path: string,
  schema: S,
  expected: string,
  map: (value: z.output<S>) => unknown,
): Promise<void> {
  for await (const { line, value } of readJsonl(path)) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      process.stderr.write(`line ${line}: expected ${expected}, skipped\n`);
      process.exitCode = 1;
      continue;
    }
    writeJsonl(map(parsed.data));
  }
}
