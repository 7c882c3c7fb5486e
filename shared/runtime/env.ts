import type { z } from 'zod';

/**
 * Reads a function's configuration from its environment once, at init, and fails the cold start
 * with every problem listed, rather than failing a citizen's request later.
 */
export function readEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid function configuration: ${problems}`);
  }
  return result.data;
}
