import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SAMPLE_EVENTS } from '../events/samples.ts';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { type LocalFunction, LocalLambdaRuntime } from '../local/lambda/runtime.ts';
import { localCloudDataDir } from '../local/running.ts';
import { runCli } from './jsonl.ts';
import { withSampleCase } from './sample-case.ts';

const USAGE = `usage: npm run --silent invoke -- <function> [event.json]
Runs one Lambda function in its own execution environment against the running local cloud (npm start,
found wherever its data directory is; PORT or PASOKH_DATA_DIR choose among several), with the
environment the local cloud gives it, and prints its result. <function> is an entry name
(submit-request, classify, …), its path, or its logical id; the event defaults to the function's
sample in events/samples, whose placeholder ticket, referral and batch become a real sample case
filed on that cloud.`;

interface LocalCloudFile {
  functions: LocalFunction[];
}

runCli(USAGE, async ([name, eventFile]) => {
  const dataDir = localCloudDataDir(join(REPO_ROOT, '.data'));
  const file = join(dataDir, 'local-cloud.json');
  if (!existsSync(file)) throw new Error(`no local cloud found (${file}): start it first with npm start`);
  const cloud = JSON.parse(readFileSync(file, 'utf8')) as LocalCloudFile;
  const fn = cloud.functions.find(
    (f) => f.logicalId === name || f.entry === name || basename(f.entry, '.ts') === name,
  );
  if (!fn)
    throw new Error(
      `unknown function ${name}; one of: ${cloud.functions.map((f) => basename(f.entry, '.ts')).join(', ')}`,
    );
  const sample = SAMPLE_EVENTS[fn.entry];
  const eventPath = eventFile
    ? resolve(eventFile)
    : sample
      ? join(REPO_ROOT, 'events', 'samples', sample)
      : undefined;
  if (!eventPath) throw new Error(`no event given and no sample for ${fn.entry}`);
  const runtime = new LocalLambdaRuntime([fn], REPO_ROOT);
  // A sample's placeholder ids become a real case on this cloud (cli/sample-case.ts).
  const event = eventFile
    ? readFileSync(eventPath, 'utf8')
    : await withSampleCase(readFileSync(eventPath, 'utf8'), dataDir);
  const result = await runtime.invoke(fn.logicalId, JSON.parse(event));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await runtime.stop();
  process.exit(0);
});
