import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isKioskErrorLike, type ErrorCode } from '../../contracts/errors.js';

/** Exit codes of docs/protocol.md §3. */
export const Exit = { ok: 0, usage: 2, timeout: 3, device: 4, backend: 5 } as const;

export class UsageError extends Error {}

/** What a command module exports: `run(argv)` returns the exit code. */
export interface CommandContext {
  argv: string[];
  json: boolean;
  out(obj: unknown): void;
  /** The human-readable result, on stdout (like the JSON). */
  print(line: string): void;
  /** Progress, warnings and errors, on stderr. */
  log(line: string): void;
}

export function parse<T extends ParseArgsConfig['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' } } as T & { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Map an error code to the contract's exit code. */
export function exitFor(code: ErrorCode | string): number {
  switch (code) {
    case 'timeout':
      return Exit.timeout;
    case 'backend-error':
    case 'not-found':
      return Exit.backend;
    case 'bad-request':
      return Exit.usage;
    default:
      return Exit.device;
  }
}

export function errorPayload(e: unknown): { code: string; message: string } {
  if (e instanceof UsageError) return { code: 'usage', message: e.message };
  if (isKioskErrorLike(e)) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** A whole number ≥ 1 from an option's text, or a usage error naming the option (`--timeout`). */
export function positiveInt(v: string | undefined, name: string): number {
  const n = Number(v);
  if (v === undefined || !/^\d+$/.test(v.trim()) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${v}"`);
  return n;
}
