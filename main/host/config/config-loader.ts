import { resolve } from 'node:path';
import { KioskConfig } from '../../../contracts/config.js';
import { describeIssues, show } from './describe-issues.js';
import { MAX_CONFIG_BYTES, parseBoundedYaml, readBounded } from './bounded-yaml.js';
import { withRemoteLayer } from './remote-config.js';

/** Exit code for a configuration error (sysexits EX_CONFIG), docs/protocol.md §1. */
export const EX_CONFIG = 78;

/** A configuration problem: `lines` are short, name the key, and are printed as they are. */
export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface ConfigSource {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `--config FILE`, `--config=FILE`, else `KIOSK_CONFIG`, else none (built-in defaults). */
export function configPath(src: ConfigSource): string | null {
  const i = src.argv.indexOf('--config');
  if (i >= 0) {
    const v = src.argv[i + 1];
    if (!v) throw new ConfigError(['config: --config needs a file path']);
    return v;
  }
  const eq = src.argv.find((a) => a.startsWith('--config='));
  if (eq) return eq.slice('--config='.length);
  return src.env.KIOSK_CONFIG || null;
}

/** Read, parse and validate the config, then apply the environment overrides. */
export function loadConfig(src: ConfigSource): { config: KioskConfig; file: string | null } {
  const cwd = src.cwd ?? process.cwd();
  const file = configPath(src);
  let raw: unknown = {};
  if (file) {
    // Refused by size before parsing: a kiosk config is a few KiB, and YAML parsing is not free.
    const read = readBounded(resolve(cwd, file), MAX_CONFIG_BYTES);
    if ('problem' in read) throw new ConfigError([`config: cannot read ${file}: ${read.problem}`]);
    const doc = parseBoundedYaml(read.text);
    if ('problem' in doc) {
      const p = doc.problem;
      throw new ConfigError([`config: ${file} is not valid YAML: ${p.message}${p.line ? ` at line ${p.line}, column ${p.col}` : ''}`]);
    }
    raw = doc.value ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ConfigError([`config: ${file} must hold a mapping of keys, found ${show(raw)}`]);
    }
  }
  const withEnv = applyEnv(raw as Record<string, unknown>, src.env);
  const parsed = KioskConfig.safeParse(withEnv);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues, withEnv));
  const base = parsed.data;
  base.dataDir = resolve(cwd, base.dataDir);
  // The fleet's remote layer (docs/protocol.md §5), stored beside the data, lies over the file.
  const { config } = withRemoteLayer(base);
  return { config, file };
}

function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  if (env.KIOSK_DATA_DIR) out.dataDir = env.KIOSK_DATA_DIR;
  if (env.KIOSK_PORT) {
    const port = /^\d+$/.test(env.KIOSK_PORT) ? Number(env.KIOSK_PORT) : env.KIOSK_PORT;
    out.host = { ...(raw.host as object | undefined), port };
  }
  if (env.KIOSK_FLEET_URL) out.fleet = { ...(raw.fleet as object | undefined), url: env.KIOSK_FLEET_URL };
  if (env.KIOSK_BACKEND_URL) out.backend = { ...(raw.backend as object | undefined), url: env.KIOSK_BACKEND_URL };
  return out;
}
