import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { LocalFunction } from './runtime.ts';

/**
 * Each function bundled into one file before it runs, as Lambda runs the bundle CDK deploys:
 * an execution environment then starts by loading one module instead of compiling and
 * type-stripping hundreds (a cold start in a visit-day burst costs a fraction of the CPU).
 * Unlike the deployed bundle, the AWS SDK is bundled too (Lambda's runtime provides it there);
 * packages a function installs beside its bundle (WebAssembly, native bindings, models) stay
 * outside and load from node_modules. Bundles go under node_modules/.cache so those resolve,
 * and are built again only when a file they were built from changed.
 */
export async function bundleFunctions(
  functions: readonly LocalFunction[],
  repoRoot: string,
): Promise<{ functions: LocalFunction[]; built: boolean }> {
  const outdir = join(repoRoot, 'node_modules', '.cache', 'pasokh-local-bundles');
  mkdirSync(outdir, { recursive: true });
  const manifestFile = join(outdir, 'inputs.json');
  const bundled = functions.map((fn) => ({ ...fn, bundle: join(outdir, `${fn.logicalId}.mjs`) }));
  const signature = JSON.stringify(functions.map((f) => [f.logicalId, f.entry, f.installedModules ?? []]));
  if (upToDate(manifestFile, signature, bundled)) return { functions: bundled, built: false };

  const groups = new Map<string, LocalFunction[]>();
  for (const fn of functions) {
    const key = (fn.installedModules ?? []).join(',');
    groups.set(key, [...(groups.get(key) ?? []), fn]);
  }
  const inputs = new Set<string>();
  for (const [external, group] of groups) {
    const result = await build({
      entryPoints: Object.fromEntries(group.map((fn) => [fn.logicalId, join(repoRoot, fn.entry)])),
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: external ? external.split(',') : [],
      metafile: true,
      // Some dependencies are CommonJS and call require(); give ESM bundles a require.
      banner: {
        js: "import { createRequire as __pasokhRequire } from 'node:module'; const require = __pasokhRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(join(repoRoot, input));
  }
  writeFileSync(manifestFile, JSON.stringify({ signature, inputs: [...inputs] }));
  return { functions: bundled, built: true };
}

/** Every bundle exists and is newer than every file it was built from, for the same functions. */
function upToDate(manifestFile: string, signature: string, bundled: readonly LocalFunction[]): boolean {
  if (!existsSync(manifestFile)) return false;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { signature: string; inputs: string[] };
  if (manifest.signature !== signature) return false;
  const bundles = bundled.map((fn) => fn.bundle as string);
  if (!bundles.every(existsSync)) return false;
  const oldest = Math.min(...bundles.map((b) => statSync(b).mtimeMs));
  return manifest.inputs.every((input) => existsSync(input) && statSync(input).mtimeMs <= oldest);
}
