import type { z } from 'zod';
import { type FieldProblem, ValidationError } from './errors.ts';
import { isMessageKey, type MessageKey, message } from './messages.ts';

/**
 * Parses untrusted input with a zod schema; on failure throws a ValidationError whose problems
 * carry the field path and a Persian and English message. Custom checks put a message key
 * (see messages.ts) in their `message`; built-in checks are translated from the issue.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, {
    // Missing fields get their own message instead of "expected string, received undefined".
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
  });
  if (result.success) return result.data;
  throw new ValidationError(describeIssues(result.error.issues));
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replaceAll('.[', '[');
}

function describe(issue: z.core.$ZodIssue): { key: MessageKey; params: Record<string, string | number> } {
  if (isMessageKey(issue.message)) {
    // A custom check may fill its message's placeholders through the issue's params.
    const params = issue.code === 'custom' ? (issue.params as Record<string, string | number>) : undefined;
    return { key: issue.message, params: params ?? {} };
  }
  switch (issue.code) {
    case 'invalid_type':
      return { key: 'invalid_type', params: { expected: issue.expected } };
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { key: 'too_short', params: { minimum: Number(issue.minimum) } }
        : { key: 'too_small', params: { minimum: Number(issue.minimum) } };
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { key: 'too_long', params: { maximum: Number(issue.maximum) } }
        : { key: 'too_big', params: { maximum: Number(issue.maximum) } };
    case 'invalid_value':
      return { key: 'invalid_value', params: { values: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      return { key: 'invalid_format', params: { format: issue.format } };
    case 'unrecognized_keys':
      return { key: 'unrecognized_keys', params: { keys: issue.keys.join(', ') } };
    default:
      return { key: 'invalid_input', params: {} };
  }
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const { key, params } = describe(issue);
    return { path: pathOf(issue.path), code: key, message: message(key, params) };
  });
}
