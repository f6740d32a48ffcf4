import { KioskError } from '../contracts/errors.js';

/**
 * Canonical JSON (the RFC 8785 / JCS shape for the values a form produces): object keys sorted by
 * UTF-16 code units, no whitespace, strings and numbers as `JSON.stringify` writes them.
 *
 * Why: the body sent to the back end is serialised exactly once, at enqueue time, and those bytes
 * are stored and re-sent verbatim on every retry. A canonical form also lets a back end compare two
 * bodies for "same key, different body" without caring about key order.
 *
 * Throws `bad-request` for anything JSON cannot carry faithfully (undefined, functions, symbols,
 * bigint, NaN/±Infinity, class instances such as Date, cycles).
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set(), '$');
}

function write(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, 'a non-finite number');
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw invalid(path, `a ${typeof value}`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw invalid(path, 'a cycle');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((v, i) => write(v, seen, `${path}[${i}]`)).join(',')}]`;
    }
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) throw invalid(path, 'a class instance');
    const rec = obj as Record<string, unknown>;
    const keys = Object.keys(rec).sort(compareCodeUnits);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], seen, `${path}.${k}`)}`).join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/** JCS sorts by UTF-16 code units, which is what `<` on JS strings compares. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalid(path: string, what: string): KioskError {
  // The path names keys only, never values: no personal data in the message.
  return new KioskError('bad-request', `submission payload holds ${what} at ${path}; only plain JSON is accepted`);
}
