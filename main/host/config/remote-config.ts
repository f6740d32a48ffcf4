import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KioskConfig, REMOTE_LIMITS, RemoteKioskConfig } from '../../../contracts/config.js';
import { describeIssues } from './describe-issues.js';

/**
 * Remote config (docs/protocol.md §5): the shared attribute `kioskConfig` is a partial config laid over
 * the file. The file stays the base; the remote layer is stored beside the data
 * (`<dataDir>/fleet/remote-config.json`) and laid over the file again at every start.
 */

/** Top-level keys the platform may set: what can change without reopening devices or stores. */
export const REMOTE_KEYS = Object.keys(RemoteKioskConfig.shape) as (keyof RemoteKioskConfig)[];

/** Keys that would reach an object's prototype instead of becoming a key of it. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Objects, arrays and values in a pushed config: a real one has a few dozen. */
const MAX_NODES = 2000;

/**
 * Why a pushed value cannot even be looked at (too deep, too big, a prototype key), or null. Walks
 * with its own stack, never recursion: a value nested 30,000 levels deep must not overflow the stack
 * before it is refused.
 */
export function shapeProblem(v: unknown): string | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length) {
    const cur = stack.pop()!;
    if (++nodes > MAX_NODES) return `more than ${MAX_NODES} values`;
    if (typeof cur.v !== 'object' || cur.v === null) continue;
    const depth = cur.depth + 1;
    if (depth > REMOTE_LIMITS.configDepth.max) return `nested deeper than ${REMOTE_LIMITS.configDepth.max} levels`;
    for (const k of Object.keys(cur.v)) {
      const path = cur.path ? `${cur.path}.${k}` : k;
      if (FORBIDDEN_KEYS.has(k)) return `${path.slice(0, 80)}: the key "${k}" is not allowed`;
      stack.push({ v: (cur.v as Record<string, unknown>)[k], depth, path });
    }
  }
  return null;
}

/** The stored layer. */
export interface RemoteLayer {
  config: Record<string, unknown>;
  hash: string;
  appliedAt: string;
}

export type RemoteCheck = { ok: true; config: KioskConfig; hash: string } | { ok: false; error: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted keys: the same config always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** A short hash of a config value; a value {@link shapeProblem} refuses hashes as that problem (it cannot be walked safely). */
export function configHash(v: unknown): string {
  const problem = shapeProblem(v);
  return createHash('sha256')
    .update(problem === null ? canonicalJson(v) : `(refused: ${problem})`)
    .digest('hex')
    .slice(0, 16);
}

/** `layer` over `base`, one object level deep per key (a partial `hall` keeps the file's other hall keys). */
export function overlay(base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  // defineProperty, not assignment: a "__proto__" key must stay a key (and be refused), never become a prototype.
  for (const [k, v] of Object.entries(layer)) Object.defineProperty(out, k, { value: isPlainObject(v) && isPlainObject(base[k]) ? overlay(base[k], v) : v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Leaves of a (shape-checked) value as [path, value]. */
function leaves(v: unknown, path: string[] = []): [string[], unknown][] {
  if (!isPlainObject(v)) return [[path, v]];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
}

function valueAt(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const k of path) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/**
 * Validate a pushed `kioskConfig`: its shape first (depth, size, prototype keys), then the remote
 * schema's bounds, then the merged config with the file's own schema. `ok` only when every pushed
 * value is in the resulting config as pushed, so `applied` never reports what did not take effect.
 */
export function checkRemoteConfig(current: KioskConfig, pushed: unknown): RemoteCheck {
  if (!isPlainObject(pushed)) return { ok: false, error: 'kioskConfig: expected an object of config keys' };
  const shape = shapeProblem(pushed);
  if (shape) return { ok: false, error: `kioskConfig: ${shape}` };
  const bytes = Buffer.byteLength(JSON.stringify(pushed));
  if (bytes > REMOTE_LIMITS.configBytes.max) return { ok: false, error: `kioskConfig: ${bytes} bytes, at most ${REMOTE_LIMITS.configBytes.max}` };
  const keys = Object.keys(pushed);
  if (keys.length === 0) return { ok: false, error: 'kioskConfig: empty' };
  const refused = keys.filter((k) => !(REMOTE_KEYS as readonly string[]).includes(k));
  if (refused.length) return { ok: false, error: `kioskConfig: ${refused.slice(0, 3).join(', ')} cannot be set remotely (only ${REMOTE_KEYS.join(', ')})` };
  const bounded = RemoteKioskConfig.safeParse(pushed);
  if (!bounded.success) return { ok: false, error: describe(bounded.error.issues, pushed) };
  const merged = overlay(current as unknown as Record<string, unknown>, pushed);
  const parsed = KioskConfig.safeParse(merged);
  if (!parsed.success) return { ok: false, error: describe(parsed.error.issues, merged) };
  const lost = leaves(pushed).find(([path, v]) => canonicalJson(valueAt(parsed.data, path)) !== canonicalJson(v));
  if (lost) return { ok: false, error: `kioskConfig: ${lost[0].join('.').slice(0, 80)} would not take effect` };
  return { ok: true, config: parsed.data, hash: configHash(pushed) };
}

const describe = (issues: Parameters<typeof describeIssues>[0], raw: unknown) =>
  describeIssues(issues, raw)
    .map((l) => l.replace(/^config: /, 'kioskConfig: '))
    .join('; ');

export const remoteLayerFile = (dataDir: string) => join(dataDir, 'fleet', 'remote-config.json');

/** The stored layer, or null (none, or unreadable: the file alone then applies). */
export function readRemoteLayer(dataDir: string): RemoteLayer | null {
  const file = remoteLayerFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!isPlainObject(v) || !isPlainObject(v.config) || typeof v.hash !== 'string') return null;
    return { config: v.config, hash: v.hash, appliedAt: String(v.appliedAt ?? '') };
  } catch (e) {
    process.stderr.write(`fleet: ignoring unreadable ${file}: ${(e as Error).message}\n`);
    return null;
  }
}

/** Store the layer atomically (write, then rename), so a power cut leaves the old or the new one. */
export function writeRemoteLayer(dataDir: string, layer: RemoteLayer): void {
  const file = remoteLayerFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(layer, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/**
 * At start-up: the file's config with the stored remote layer over it. A layer that no longer fits
 * (the file changed underneath it) is ignored with a note on stderr: the kiosk always starts.
 */
export function withRemoteLayer(config: KioskConfig): { config: KioskConfig; layer: RemoteLayer | null } {
  const layer = readRemoteLayer(config.dataDir);
  if (!layer) return { config, layer: null };
  const base = structuredClone(config);
  const r = checkRemoteConfig(config, layer.config);
  if (!r.ok) {
    process.stderr.write(`fleet: stored remote config no longer applies, using the file alone: ${r.error}\n`);
    return { config, layer: null };
  }
  bases.set(r.config, base);
  return { config: r.config, layer };
}

/** The file's config under each config that has a remote layer over it. */
const bases = new WeakMap<KioskConfig, KioskConfig>();

/**
 * The file's own config (without the remote layer) under `config`: a push replaces the whole
 * remote layer, so it is checked against the file, not against the previous push.
 */
export function baseConfigOf(config: KioskConfig): KioskConfig {
  let base = bases.get(config);
  if (!base) {
    base = structuredClone(config);
    bases.set(config, base);
  }
  return base;
}
