import createDebug from 'debug';
import type { KioskConfig } from '../../../contracts/config.js';
import { baseConfigOf, checkRemoteConfig, configHash, readRemoteLayer, REMOTE_KEYS, writeRemoteLayer } from '../config/remote-config.js';
import type { FleetStatus } from './fleet-status.js';
import { parseJson } from './topics.js';

const log = createDebug('kiosk:fleet');

type RemoteState = NonNullable<FleetStatus['remoteConfig']>;

export interface RemoteConfigSyncOptions {
  /** The live config: the remote keys are written into it when applied. */
  config: KioskConfig;
  dataDir: string;
  /** The fleet status the sync keeps `remoteConfig` of; `touch` after a change. */
  status: FleetStatus;
  touch(): void;
  audit(action: string, ok: boolean, detail: string): void;
  /** No citizen is mid-service: a config is applied only then. */
  idle(): boolean;
  /** A config was applied (the renderer takes the new info). */
  applied(): void;
  publishAttributes(attrs: Record<string, unknown>): void;
  now: () => number;
}

/** The client attribute that tells the operator what became of the pushed `kioskConfig`. */
export function kioskConfigState(r: RemoteState): Record<string, unknown> {
  return r.state === 'rejected' ? { state: 'rejected', error: r.error, hash: r.hash } : { state: r.state, hash: r.hash };
}

/** The effective config's hash, without secrets (tokens and the PIN hash are not hashed in). */
export function effectiveConfigHash(c: KioskConfig): string {
  const { backend, diagnostics, fleet, ...rest } = c;
  return configHash({ ...rest, backend: { url: backend.url ?? null }, diagnostics: { sessionMin: diagnostics.sessionMin }, fleet: fleet ? { url: fleet.url, telemetrySec: fleet.telemetrySec } : null });
}

/**
 * The `kioskConfig` shared attribute (docs/protocol.md §5): checked against the bounds at once,
 * applied over the file's config when no citizen is mid-service, stored for the next start.
 */
export class RemoteConfigSync {
  private pending: { config: KioskConfig; hash: string; raw: Record<string, unknown> } | null = null;
  private appliedHash: string | null = null;
  private applyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: RemoteConfigSyncOptions) {
    const stored = readRemoteLayer(o.dataDir);
    if (!stored) return;
    // Stored by an older version with looser bounds, or the file changed under it: the start-up
    // (withRemoteLayer) then left it out, and it must not be reported as applied.
    const still = checkRemoteConfig(baseConfigOf(o.config), stored.config);
    if (still.ok) {
      this.appliedHash = stored.hash;
      o.status.remoteConfig = { state: 'applied', hash: stored.hash, error: null, at: stored.appliedAt };
    } else {
      o.status.remoteConfig = { state: 'rejected', hash: stored.hash, error: `stored: ${still.error}`, at: new Date(o.now()).toISOString() };
      o.audit('fleet.config', false, `stored remote config not applied: ${still.error}`.slice(0, 500));
    }
  }

  /** A pushed `kioskConfig` (or its deletion: `revert`): rejected at once when invalid; applied when no citizen is mid-service. */
  onPushed(value: unknown, opts: { revert?: boolean } = {}): void {
    let pushed = value;
    if (typeof pushed === 'string') {
      const parsed = parseJson(Buffer.from(pushed));
      pushed = parsed === undefined ? pushed : parsed;
    }
    const base = baseConfigOf(this.o.config);
    const check = opts.revert ? ({ ok: true, config: base, hash: configHash({}) } as const) : checkRemoteConfig(base, pushed);
    if (!check.ok) {
      log('remote config rejected: %s', check.error);
      this.pending = null;
      const hash = configHash(pushed ?? null);
      // QoS 1 may deliver a message twice: the same rejected config is audited once.
      const again = this.o.status.remoteConfig?.state === 'rejected' && this.o.status.remoteConfig.hash === hash;
      this.setState({ state: 'rejected', hash, error: check.error });
      if (!again) this.o.audit('fleet.config', false, check.error.slice(0, 500));
      return;
    }
    if (check.hash === this.appliedHash && !this.pending) {
      this.setState({ state: 'applied', hash: check.hash, error: null });
      return;
    }
    this.pending = { config: check.config, hash: check.hash, raw: opts.revert ? {} : (pushed as Record<string, unknown>) };
    if (this.tryApply()) return;
    this.setState({ state: 'pending', hash: check.hash, error: null });
    if (!this.applyTimer) {
      this.applyTimer = setInterval(() => this.tryApply(), 1000);
      this.applyTimer.unref();
    }
  }

  private tryApply(): boolean {
    const p = this.pending;
    if (!p) return true;
    if (!this.o.idle()) return false;
    if (this.applyTimer) clearInterval(this.applyTimer);
    this.applyTimer = null;
    this.pending = null;
    const live = this.o.config as unknown as Record<string, unknown>;
    const next = p.config as unknown as Record<string, unknown>;
    for (const k of REMOTE_KEYS) live[k] = next[k];
    try {
      writeRemoteLayer(this.o.dataDir, { config: p.raw, hash: p.hash, appliedAt: new Date(this.o.now()).toISOString() });
    } catch (e) {
      log('remote config not stored: %s', (e as Error).message);
    }
    this.appliedHash = p.hash;
    this.o.applied();
    this.setState({ state: 'applied', hash: p.hash, error: null });
    this.o.audit('fleet.config', true, `applied ${p.hash}: ${Object.keys(p.raw).join(', ') || 'file only'}`);
    return true;
  }

  private setState(s: Omit<RemoteState, 'at'>): void {
    this.o.status.remoteConfig = { ...s, at: new Date(this.o.now()).toISOString() };
    this.o.touch();
    const attrs: Record<string, unknown> = { kioskConfigState: kioskConfigState(this.o.status.remoteConfig) };
    if (s.state === 'applied') attrs.configHash = effectiveConfigHash(this.o.config);
    this.o.publishAttributes(attrs);
  }

  stop(): void {
    if (this.applyTimer) clearInterval(this.applyTimer);
    this.applyTimer = null;
  }
}
