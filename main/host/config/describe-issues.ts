import type { z } from 'zod';

// Shared by the file loader and the fleet's remote layer, which validate with the same schema and
// report problems the same way; kept below both so neither imports the other.

/** A value as a config error line shows it: JSON, cut at 60 characters. */
export function show(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return 'nothing';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** One line per problem, naming the key, the value and what was expected; three at most. */
export function describeIssues(issues: z.core.$ZodIssue[], raw: unknown): string[] {
  const lines = issues.map((iss) => {
    const key = iss.path.map(String).join('.') || '(top level)';
    if (iss.code === 'unrecognized_keys') {
      const keys = iss.keys.map((k) => (key === '(top level)' ? k : `${key}.${k}`));
      return `config: unknown key ${keys.join(', ')}`;
    }
    const value = valueAt(raw, iss.path);
    return `config: ${key} = ${show(value)}: ${iss.message.replace(/^Invalid input: /, '')}`;
  });
  if (lines.length > 3) return [...lines.slice(0, 2), `config: and ${lines.length - 2} more problems`];
  return lines;
}
