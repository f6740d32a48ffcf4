import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KioskConfig } from '../../../contracts/config.js';
import { describeIssues } from './describe-issues.js';

/**
 * Remote config (docs/protocol.md §5): the shared attribute `kioskConfig` is a partial config laid over
 * the file. The file stays the base; the remote layer is stored beside the data
 * (`<dataDir>/fleet/remote-config.json`) and laid over the file again at every start.
 */

/** Top-level keys the platform may set: what can change without reopening devices or stores. */
export const REMOTE_KEYS = ['locale', 'hall', 'ui', 'maintenance', 'heartbeat'] as const;

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

export const configHash = (v: unknown): string => createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 16);

/** `layer` over `base`, one object level deep per key (a partial `hall` keeps the file's other hall keys). */
export function overlay(base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(layer)) out[k] = isPlainObject(v) && isPlainObject(base[k]) ? overlay(base[k], v) : v;
  return out;
}

/** Validate a pushed `kioskConfig` against the running config with the file's own schema. */
export function checkRemoteConfig(current: KioskConfig, pushed: unknown): RemoteCheck {
  if (!isPlainObject(pushed)) return { ok: false, error: 'kioskConfig: expected an object of config keys' };
  const keys = Object.keys(pushed);
  if (keys.length === 0) return { ok: false, error: 'kioskConfig: empty' };
  const refused = keys.filter((k) => !(REMOTE_KEYS as readonly string[]).includes(k));
  if (refused.length) return { ok: false, error: `kioskConfig: ${refused.slice(0, 3).join(', ')} cannot be set remotely (only ${REMOTE_KEYS.join(', ')})` };
  const merged = overlay(current as unknown as Record<string, unknown>, pushed);
  const parsed = KioskConfig.safeParse(merged);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error.issues, merged).map((l) => l.replace(/^config: /, 'kioskConfig: ')).join('; ') };
  return { ok: true, config: parsed.data, hash: configHash(pushed) };
}

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
