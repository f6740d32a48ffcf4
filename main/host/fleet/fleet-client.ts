import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import createDebug from 'debug';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { FleetConfig, KioskConfig } from '../../../contracts/config.js';
import { type FleetHost, midService } from './fleet-host.js';
import { type FleetStatus, readOutOfService, writeFleetStatus, writeOutOfService } from './fleet-status.js';
import { baseConfigOf, checkRemoteConfig, configHash, readRemoteLayer, REMOTE_KEYS, writeRemoteLayer } from '../config/remote-config.js';
import { runCommand, type CommandDeps } from './rpc-commands.js';
import { TelemetryBuffer } from './telemetry-buffer.js';
import { type FleetEvent, raisedSince, standingConditions, TelemetryEncoder, telemetryValues, type FleetSnapshot } from './telemetry.js';
import { readToken, removeToken, writeToken } from './token-store.js';
import { FirmwareUpdater, type FirmwareInstaller } from './firmware-update.js';
import { PublishGate, PublishRefused } from './publish-gate.js';
import { refusalAnswer, requestAge, RpcGuard } from './rpc-guard.js';

const log = createDebug('kiosk:fleet');

/** ThingsBoard's MQTT device API topics (docs/protocol.md §5). */
export const Topics = {
  telemetry: 'v1/devices/me/telemetry',
  attributes: 'v1/devices/me/attributes',
  attributesRequest: (n: number) => `v1/devices/me/attributes/request/${n}`,
  attributesResponse: 'v1/devices/me/attributes/response/+',
  rpcRequest: 'v1/devices/me/rpc/request/+',
  rpcResponse: (id: string) => `v1/devices/me/rpc/response/${id}`,
  provisionRequest: '/provision/request',
  provisionResponse: '/provision/response',
  fwResponse: 'v2/fw/response/+/chunk/+',
  fwRequest: (req: number, chunk: number) => `v2/fw/request/${req}/chunk/${chunk}`,
} as const;

/** Shared keys of ThingsBoard's OTA (user-guide/ota-updates). */
const FW_KEYS = ['fw_title', 'fw_version', 'fw_checksum', 'fw_checksum_algorithm', 'fw_size'] as const;

/** Messages larger than this (but firmware chunks) are dropped unread: hostile input stays bounded. */
const MAX_MESSAGE_BYTES = 256 * 1024;
/** One telemetry publish carries at most this many records and bytes (a ThingsBoard default caps a message at 64 KB). */
const BATCH_RECORDS = 60;
const BATCH_BYTES = 48 * 1024;
/** A connection that held this long counts as stable: the reconnect back-off starts again from its base. */
export const STABLE_CONNECTION_MS = 30_000;


export interface FleetClientOptions {
  host: FleetHost;
  fleet: FleetConfig;
  appVersion: string;
  /** Audit one remote action in the diagnostics audit log. */
  audit(action: string, ok: boolean, detail: string): void;
  /** Restart the kiosk (the shell's restart path). */
  restart(): void;
  /** Hands a verified firmware file to the updater; omitted: OTA reports FAILED "no installer". */
  installer?: FirmwareInstaller;
  /** Pause between telemetry batches while catching up after an outage, ms. */
  paceMs?: number;
  /** Back-off bounds, ms (contract: 1 s … 60 s). */
  backoff?: { baseMs: number; capMs: number };
  /** A connection counts as stable (the back-off starts again from its base) after this long, ms. */
  stableMs?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * The kiosk as a ThingsBoard device: provisioning, the connection with jittered reconnects,
 * telemetry through the on-disk buffer, client attributes, remote config, server-side RPC and
 * OTA. One instance per host; {@link stop} closes everything.
 */
export class FleetClient {
  private client: MqttClient | null = null;
  private stopped = false;
  private token: string | null;
  private tokenSource: FleetStatus['tokenSource'];
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private lastFullAt = 0;
  private periodic: NodeJS.Timeout | null = null;
  private applyTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private pumping = false;
  private requestSeq = 0;
  private conditions = new Map<string, Omit<FleetEvent, 'at'>>();
  private deviceErrors: Record<string, number> = {};
  private diskFree: number | null = null;
  private diskBusy = false;
  private readonly encoder = new TelemetryEncoder();
  private connects = 0;
  private pendingConfig: { config: KioskConfig; hash: string; raw: Record<string, unknown> } | null = null;
  private appliedHash: string | null = null;
  private pendingRestart = false;
  private readonly gate = new PublishGate();
  private readonly rpcGuard: RpcGuard;
  private readonly disposers: (() => void)[] = [];
  readonly buffer: TelemetryBuffer;
  readonly firmware: FirmwareUpdater;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly dataDir: string;
  readonly status: FleetStatus;

  constructor(private readonly o: FleetClientOptions) {
    const c = o.host.config;
    this.dataDir = c.dataDir;
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.buffer = new TelemetryBuffer({ file: join(this.dataDir, 'fleet', 'telemetry.sqlite'), maxRecords: o.fleet.bufferMaxRecords, maxAgeMs: o.fleet.bufferMaxAgeHours * 3_600_000, now: this.now });
    const provisioned = readToken(this.dataDir);
    this.token = o.fleet.accessToken ?? provisioned;
    this.tokenSource = o.fleet.accessToken ? 'config' : provisioned ? 'provisioned' : null;
    this.status = {
      enabled: true,
      url: o.fleet.url,
      connected: false,
      state: 'connecting',
      lastError: null,
      connectedAt: null,
      lastTelemetryAt: null,
      buffered: this.buffer.count(),
      dropped: this.buffer.dropped(),
      tokenPresent: this.token !== null,
      tokenSource: this.tokenSource,
      remoteConfig: null,
      lastCommand: null,
      outOfService: o.host.state.outOfService,
      firmware: null,
      updatedAt: new Date(this.now()).toISOString(),
    };
    // The operator's out-of-service notice outlives a restart (the nightly one included) until lifted.
    const notice = readOutOfService(this.dataDir);
    if (notice) o.host.state.setOutOfService(notice);
    const stored = readRemoteLayer(this.dataDir);
    if (stored) {
      // Stored by an older version with looser bounds, or the file changed under it: the start-up
      // (withRemoteLayer) then left it out, and it must not be reported as applied.
      const still = checkRemoteConfig(baseConfigOf(o.host.config), stored.config);
      if (still.ok) {
        this.appliedHash = stored.hash;
        this.status.remoteConfig = { state: 'applied', hash: stored.hash, error: null, at: stored.appliedAt };
      } else {
        this.status.remoteConfig = { state: 'rejected', hash: stored.hash, error: `stored: ${still.error}`, at: new Date(this.now()).toISOString() };
        o.audit('fleet.config', false, `stored remote config not applied: ${still.error}`.slice(0, 500));
      }
    }
    this.rpcGuard = new RpcGuard({ audit: o.audit, now: this.now });
    this.firmware = new FirmwareUpdater({
      dataDir: this.dataDir,
      currentVersion: o.appVersion,
      installer: o.installer ?? null,
      idle: () => !midService(o.host),
      requestChunk: (req, chunk, size) => this.publish(Topics.fwRequest(req, chunk), String(size)),
      report: (values) => this.pushTelemetry(values),
      onState: (fw) => {
        this.status.firmware = fw;
        this.touch();
      },
      audit: o.audit,
    });
  }

  /** Start: provision when there is no token, then connect; telemetry starts at once (buffered until connected). */
  start(): void {
    const h = this.o.host;
    const prevStates = new Map(h.hub.statuses().map((d) => [d.id, d.state]));
    const a = h.hub.onDidChangeStatus((d) => {
      if (d.state === 'error' && prevStates.get(d.id) !== 'error') this.deviceErrors[d.kind] = (this.deviceErrors[d.kind] ?? 0) + 1;
      prevStates.set(d.id, d.state);
      this.checkUrgent();
    });
    const b = h.queue.onDidChange(() => this.checkUrgent());
    const c = h.queue.onDidAlert((al) => {
      if (al.kind === 'outbox-corrupt') this.checkUrgent();
      else if (al.kind === 'dead-letter') this.urgent([{ kind: 'dead-letter', at: this.now() }]);
      else if (al.kind === 'payload-tampered') this.urgent([{ kind: 'tampered-record', at: this.now() }]);
      else if (al.kind === 'auth-failed') this.urgent([{ kind: 'backend-auth', at: this.now() }]);
    });
    // The operator's notice outlives a restart (the nightly one included) until lifted.
    const d = h.state.onDidChangeOutOfService((notice) => {
      writeOutOfService(this.dataDir, notice);
      this.touch();
    });
    this.disposers.push(() => (a.dispose(), b.dispose(), c.dispose(), d.dispose()));
    void this.refreshDisk();
    this.periodic = setInterval(() => {
      void this.refreshDisk();
      this.pushTelemetry(this.encoder.next(telemetryValues(this.snapshot())));
    }, this.o.fleet.telemetrySec * 1000);
    this.periodic.unref();
    this.lastFullAt = this.now();
    this.pushTelemetry({ ...this.encoder.next(telemetryValues(this.snapshot())), ...this.firmware.currentValues() });
    // Conditions already standing at start (a reader unplugged overnight, paper out) are events too.
    this.checkUrgent();
    this.firmware.resumeAfterStart();
    if (this.token) this.connect();
    else void this.provision();
  }

  private snapshot(): FleetSnapshot {
    const h = this.o.host;
    return {
      devices: h.hub.statuses(),
      queue: h.queue.view(),
      uptimeSec: (this.now() - h.startedAt.getTime()) / 1000,
      diskFreeBytes: this.diskFree,
      memRssBytes: process.memoryUsage.rss(),
      screen: h.state.screen,
      sessionsCount: h.usage.sessions.total,
      sessionsLastHour: h.usage.sessions.lastHour(this.now()),
      servicesLastHour: h.usage.services.lastHour(this.now()),
      deviceErrors: Object.fromEntries(Object.entries(this.deviceErrors).map(([k, v]) => [k.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase()), v])),
      rendererCrashes: h.state.rendererCrashes,
      outOfService: h.state.outOfService.on,
      telemetryDropped: this.buffer.dropped(),
      telemetryBuffered: this.buffer.count(),
      outboxCorrupt: h.queue.fault() !== null,
    };
  }

  private async refreshDisk(): Promise<void> {
    // One at a time: a data dir on a hung mount must not collect a pending statfs per period.
    if (this.diskBusy) return;
    this.diskBusy = true;
    try {
      const s = await statfs(this.dataDir);
      this.diskFree = s.bavail * s.bsize;
    } catch (e) {
      log('statfs: %s', (e as Error).message);
    } finally {
      this.diskBusy = false;
    }
  }

  /** The current telemetry values (getStatus, the benchmark). */
  values(): Record<string, unknown> {
    return telemetryValues(this.snapshot());
  }

  private checkUrgent(): void {
    const h = this.o.host;
    const next = standingConditions(h.hub.statuses(), h.queue.view(), h.queue.fault() !== null);
    const raised = raisedSince(this.conditions, next, this.now());
    this.conditions = next;
    this.urgent(raised);
  }

  /** Urgent events go at once, each as its own record with the current values beside it. */
  private urgent(events: FleetEvent[]): void {
    if (!events.length) return;
    const values = telemetryValues(this.snapshot());
    events.forEach((e, i) => {
      log('urgent: %s %s', e.kind, e.device ?? '');
      // One ms apart: ThingsBoard keys telemetry by (key, ts), so two events at one ts would overwrite.
      this.buffer.push(e.at + i, { ...values, event: { kind: e.kind, ...(e.device ? { device: e.device } : {}), at: e.at } });
    });
    this.afterPush();
  }

  /** Telemetry always goes through the disk buffer, so order and original timestamps survive any outage. */
  pushTelemetry(values: Record<string, unknown>, ts = this.now()): void {
    if (this.stopped) return;
    this.buffer.push(ts, values);
    this.afterPush();
  }

  private afterPush(): void {
    this.status.buffered = this.buffer.count();
    this.status.dropped = this.buffer.dropped();
    this.touch();
    void this.pump();
  }

  /** Send buffered telemetry in order, in batches, paced; stop at the first failure (kept for the next connect). */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      let first = true;
      while (!this.stopped && this.client?.connected) {
        const batch = this.buffer.peek(BATCH_RECORDS, BATCH_BYTES);
        if (!batch.length) break;
        if (!first) await sleep(this.o.paceMs ?? 200);
        first = false;
        const body = batch.length === 1 ? { ts: batch[0]!.ts, values: batch[0]!.values } : batch.map((r) => ({ ts: r.ts, values: r.values }));
        try {
          await this.publish(Topics.telemetry, JSON.stringify(body));
        } catch (e) {
          log('telemetry not acknowledged, kept: %s', (e as Error).message);
          break;
        }
        this.buffer.ack(batch[batch.length - 1]!.seq);
        this.status.lastTelemetryAt = new Date(this.now()).toISOString();
        this.status.buffered = this.buffer.count();
        this.touch();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** QoS 1 publish that resolves on PUBACK; refused when too many await theirs (see {@link PublishGate}). */
  private publish(topic: string, payload: string | Buffer, timeoutMs = 15_000): Promise<void> {
    return this.gate.qos1(this.client, topic, payload, timeoutMs);
  }

  /** QoS 1 publishes awaiting their PUBACK on the current connection (diagnostics, tests). */
  unackedPublishes(): number {
    return this.gate.pending(this.client);
  }

  private backoffMs(): number {
    const { baseMs, capMs } = this.o.backoff ?? { baseMs: 1000, capMs: 60_000 };
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(this.attempt, 16));
    this.attempt++;
    // "Equal jitter": never below half the ceiling (and never below the base), so 1,000 kiosks coming back
    // after a broker restart spread out instead of reconnecting in one burst.
    return Math.max(baseMs, Math.round(ceiling / 2 + this.random() * (ceiling / 2)));
  }

  private mqttOptions(username: string): IClientOptions {
    const c = this.o.host.config;
    const opts: IClientOptions = {
      clientId: c.kioskId,
      username,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      // Reconnects are ours: jittered back-off (MQTT.js retries at a fixed period).
      reconnectPeriod: 0,
      // Nothing is queued in memory while disconnected: telemetry waits on disk, answers are not worth keeping.
      queueQoSZero: false,
      protocolVersion: 4,
    };
    if (this.o.fleet.ca) opts.ca = readFileSync(this.o.fleet.ca);
    return opts;
  }

  private setState(state: string, error: string | null = null): void {
    this.status.state = state;
    if (error !== null) this.status.lastError = error;
    this.touch();
  }

  /** ThingsBoard device provisioning (docs/protocol.md §5), retried with back-off until it gives a token. */
  private async provision(): Promise<void> {
    const p = this.o.fleet.provision;
    if (!p) {
      this.setState('no-token', 'fleet: no accessToken and no provision key');
      return;
    }
    while (!this.stopped && !this.token) {
      this.setState('provisioning');
      try {
        const token = await this.provisionOnce(p.key, p.secret);
        writeToken(this.dataDir, token);
        this.token = token;
        this.tokenSource = 'provisioned';
        this.status.tokenPresent = true;
        this.status.tokenSource = 'provisioned';
        this.o.audit('fleet.provision', true, 'token stored');
        this.attempt = 0;
        this.connect();
        return;
      } catch (e) {
        const msg = (e as Error).message;
        log('provisioning failed: %s', msg);
        this.setState('provision-failed', `provisioning: ${msg}`);
        this.o.host.emit('kiosk.alert', { kind: 'fleet-provision-failed', message: msg });
        this.o.audit('fleet.provision', false, msg.slice(0, 200));
        await sleep(this.backoffMs());
      }
    }
  }

  private provisionOnce(key: string, secret: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const client = mqtt.connect(this.o.fleet.url, this.mqttOptions('provision'));
      let done = false;
      const finish = (err: Error | null, token?: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        client.end(true);
        if (err) reject(err);
        else resolve(token!);
      };
      const timer = setTimeout(() => finish(new Error('no provisioning answer within 20 s')), 20_000);
      client.on('error', (e) => finish(e));
      client.on('close', () => finish(new Error('connection closed before the answer')));
      client.on('connect', () => {
        client.subscribe(Topics.provisionResponse, { qos: 1 }, (err) => {
          if (err) return finish(err);
          const req = { deviceName: this.o.host.config.kioskId, provisionDeviceKey: key, provisionDeviceSecret: secret };
          client.publish(Topics.provisionRequest, JSON.stringify(req), { qos: 1 }, (e) => e && finish(e));
        });
      });
      client.on('message', (topic, payload) => {
        if (topic !== Topics.provisionResponse) return;
        const a = parseJson(payload);
        if (!a || typeof a !== 'object') return finish(new Error('malformed provisioning answer'));
        const r = a as Record<string, unknown>;
        if (r.status === 'SUCCESS' && r.credentialsType === 'ACCESS_TOKEN' && typeof r.credentialsValue === 'string' && r.credentialsValue.length > 0 && r.credentialsValue.length <= 256) {
          return finish(null, r.credentialsValue);
        }
        if (r.status === 'SUCCESS') return finish(new Error(`unsupported credentials type ${String(r.credentialsType).slice(0, 40)}`));
        finish(new Error(`refused: ${String(r.errorMsg ?? r.status ?? 'FAILURE').slice(0, 200)}`));
      });
    });
  }

  private connect(): void {
    if (this.stopped || !this.token) return;
    this.setState('connecting');
    let opts: IClientOptions;
    try {
      opts = this.mqttOptions(this.token);
    } catch (e) {
      // An unreadable CA file must not stop the kiosk: report it and try again later.
      this.setState('disconnected', `fleet.ca: ${(e as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    const client = mqtt.connect(this.o.fleet.url, opts);
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet.retain));
    client.on('error', (e) => {
      log('mqtt error: %s', e.message);
      this.status.lastError = e.message;
      // CONNACK 4/5: the platform no longer knows our provisioned token (device deleted): register again.
      const code = (e as { code?: unknown }).code;
      if ((code === 4 || code === 5) && this.tokenSource === 'provisioned' && this.o.fleet.provision && !this.stopped) {
        log('provisioned token refused; provisioning again');
        this.o.audit('fleet.provision', false, 'token refused by the platform; provisioning again');
        removeToken(this.dataDir);
        this.token = null;
        this.tokenSource = null;
        this.status.tokenPresent = false;
        this.status.tokenSource = null;
        if (this.client === client) this.client = null;
        client.removeAllListeners();
        client.on('error', (err) => log('refused connection: %s', err.message));
        client.end(true);
        if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
        this.reconnectTimer = null;
        void this.provision();
      }
    });
    client.on('close', () => {
      if (this.client !== client) return;
      if (this.stableTimer) clearTimeout(this.stableTimer);
      this.stableTimer = null;
      const was = this.status.connected;
      this.status.connected = false;
      if (this.stopped) return;
      if (was) log('disconnected');
      this.setState('disconnected');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.stopped) return;
    const delay = this.backoffMs();
    log('reconnect in %d ms', delay);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped) return;
      const old = this.client;
      if (old) {
        old.removeAllListeners();
        // An 'error' with no listener would throw: the old socket may still report one while it closes.
        old.on('error', (e) => log('old connection: %s', e.message));
        old.end(true);
      }
      this.connect();
    }, delay);
  }

  private async onConnect(client: MqttClient): Promise<void> {
    // The back-off starts again only once the connection held: a broker that accepts and drops at
    // once (flapping) would otherwise get a reconnect a second forever.
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      if (this.client === client && client.connected) this.attempt = 0;
    }, this.o.stableMs ?? STABLE_CONNECTION_MS);
    this.stableTimer.unref();
    this.status.connected = true;
    this.status.connectedAt = new Date(this.now()).toISOString();
    this.status.lastError = null;
    this.setState('connected');
    log('connected to %s', this.o.fleet.url);
    try {
      await client.subscribeAsync([Topics.attributes, Topics.attributesResponse, Topics.rpcRequest, Topics.fwResponse], { qos: 1 });
      await this.publish(Topics.attributes, JSON.stringify(this.clientAttributes()));
      // The contract's request for the remote config, then the OTA keys in a request of their own.
      await this.publish(Topics.attributesRequest(++this.requestSeq), JSON.stringify({ sharedKeys: 'kioskConfig' }));
      await this.publish(Topics.attributesRequest(++this.requestSeq), JSON.stringify({ sharedKeys: FW_KEYS.join(',') }));
    } catch (e) {
      log('after connect: %s', (e as Error).message);
    }
    // After a reconnect, behind what was buffered, the whole current state: the operator sees the kiosk
    // as it is now. At most one such record per telemetry period: a flapping broker must not add one per
    // reconnect (the next periodic record is then the full one).
    if (this.connects++ > 0) {
      this.encoder.forceFull();
      if (this.now() - this.lastFullAt >= this.o.fleet.telemetrySec * 1000) {
        this.lastFullAt = this.now();
        this.pushTelemetry(this.encoder.next(telemetryValues(this.snapshot())));
      }
    }
    void this.pump();
  }

  private clientAttributes(): Record<string, unknown> {
    const c = this.o.host.config;
    const a: Record<string, unknown> = { appVersion: this.o.appVersion, kioskId: c.kioskId, configHash: effectiveConfigHash(c), hall: c.hall.name };
    if (this.status.remoteConfig) a.kioskConfigState = kioskConfigState(this.status.remoteConfig);
    return a;
  }

  private publishAttributes(attrs: Record<string, unknown>): void {
    this.publish(Topics.attributes, JSON.stringify(attrs)).catch((e: unknown) => log('attributes not sent: %s', (e as Error).message));
  }

  private onMessage(topic: string, payload: Buffer, retained = false): void {
    try {
      if (topic.startsWith('v2/fw/response/')) {
        this.firmware.onChunk(topic, payload);
        return;
      }
      if (payload.length > MAX_MESSAGE_BYTES) {
        log('dropped a %d-byte message on %s', payload.length, topic);
        return;
      }
      if (topic === Topics.attributes) this.onSharedAttributes(parseJson(payload));
      else if (topic.startsWith('v1/devices/me/attributes/response/')) {
        const a = parseJson(payload);
        if (a && typeof a === 'object' && !Array.isArray(a)) {
          const r = a as Record<string, unknown>;
          // ThingsBoard answers {"shared":{…}}; accept a bare map as well.
          this.onSharedAttributes(r.shared !== undefined ? r.shared : r, { fromRequest: true });
        }
      } else if (topic.startsWith('v1/devices/me/rpc/request/')) void this.onRpc(topic.slice('v1/devices/me/rpc/request/'.length), payload, retained);
    } catch (e) {
      log('message on %s: %s', topic, (e as Error).message);
    }
  }

  private onSharedAttributes(a: unknown, opts: { fromRequest?: boolean } = {}): void {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return;
    const r = a as Record<string, unknown>;
    if ('kioskConfig' in r) this.onRemoteConfig(r.kioskConfig);
    if (Array.isArray(r.deleted) && r.deleted.includes('kioskConfig')) this.onRemoteConfig({}, { revert: true });
    if (FW_KEYS.some((k) => k in r)) this.firmware.onAttributes(r, opts);
  }

  /** A pushed `kioskConfig`: rejected at once when invalid; applied when no citizen is mid-service. */
  private onRemoteConfig(value: unknown, opts: { revert?: boolean } = {}): void {
    let pushed = value;
    if (typeof pushed === 'string') {
      const parsed = parseJson(Buffer.from(pushed));
      pushed = parsed === undefined ? pushed : parsed;
    }
    const base = baseConfigOf(this.o.host.config);
    const check = opts.revert ? ({ ok: true, config: base, hash: configHash({}) } as const) : checkRemoteConfig(base, pushed);
    if (!check.ok) {
      log('remote config rejected: %s', check.error);
      this.pendingConfig = null;
      const hash = configHash(pushed ?? null);
      // QoS 1 may deliver a message twice: the same rejected config is audited once.
      const again = this.status.remoteConfig?.state === 'rejected' && this.status.remoteConfig.hash === hash;
      this.setRemoteState({ state: 'rejected', hash, error: check.error });
      if (!again) this.o.audit('fleet.config', false, check.error.slice(0, 500));
      return;
    }
    if (check.hash === this.appliedHash && !this.pendingConfig) {
      this.setRemoteState({ state: 'applied', hash: check.hash, error: null });
      return;
    }
    this.pendingConfig = { config: check.config, hash: check.hash, raw: opts.revert ? {} : (pushed as Record<string, unknown>) };
    if (!this.tryApply()) {
      this.setRemoteState({ state: 'pending', hash: check.hash, error: null });
      if (!this.applyTimer) {
        this.applyTimer = setInterval(() => this.tryApply(), 1000);
        this.applyTimer.unref();
      }
    }
  }

  private tryApply(): boolean {
    const p = this.pendingConfig;
    if (!p) return true;
    if (midService(this.o.host)) return false;
    if (this.applyTimer) clearInterval(this.applyTimer);
    this.applyTimer = null;
    this.pendingConfig = null;
    const live = this.o.host.config as unknown as Record<string, unknown>;
    const next = p.config as unknown as Record<string, unknown>;
    for (const k of REMOTE_KEYS) live[k] = next[k];
    try {
      writeRemoteLayer(this.dataDir, { config: p.raw, hash: p.hash, appliedAt: new Date(this.now()).toISOString() });
    } catch (e) {
      log('remote config not stored: %s', (e as Error).message);
    }
    this.appliedHash = p.hash;
    // The renderer takes the new hall name, timeouts, … without a reconnect handshake.
    this.o.host.emit('kiosk.info', this.o.host.info());
    this.setRemoteState({ state: 'applied', hash: p.hash, error: null });
    this.o.audit('fleet.config', true, `applied ${p.hash}: ${Object.keys(p.raw).join(', ') || 'file only'}`);
    return true;
  }

  private setRemoteState(s: { state: 'applied' | 'rejected' | 'pending'; hash: string; error: string | null }): void {
    this.status.remoteConfig = { ...s, at: new Date(this.now()).toISOString() };
    this.touch();
    const attrs: Record<string, unknown> = { kioskConfigState: kioskConfigState(this.status.remoteConfig) };
    if (s.state === 'applied') attrs.configHash = effectiveConfigHash(this.o.host.config);
    this.publishAttributes(attrs);
  }

  /**
   * A server-side RPC. Retained ones are ignored (a retained `restart` would restart the kiosk at
   * every start, forever), as are ones older than the bound; beyond the rate and the running bound a
   * command is refused. Refusals are answered at QoS 0: a broker that never acknowledges must not make
   * the kiosk hold them.
   */
  private async onRpc(id: string, payload: Buffer, retained: boolean): Promise<void> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return log('rpc: ignored a request id of bad shape');
    let req: unknown;
    const refused = this.rpcGuard.admit(retained, () => {
      req = parseJson(payload);
      return requestAge(req);
    });
    if (refused === 'retained') return log('rpc %s: ignored a retained request', id);
    if (refused) {
      if (!this.gate.qos0(this.client, Topics.rpcResponse(id), JSON.stringify(refusalAnswer(refused)))) log('rpc %s: %s answer dropped', id, refused);
      return;
    }
    try {
      await this.handleRpc(id, req);
    } finally {
      this.rpcGuard.done();
    }
  }

  private async handleRpc(id: string, req: unknown): Promise<void> {
    const method = req && typeof req === 'object' && typeof (req as { method?: unknown }).method === 'string' ? (req as { method: string }).method.slice(0, 64) : null;
    let params = req && typeof req === 'object' ? ((req as { params?: unknown }).params ?? {}) : {};
    // Some ThingsBoard widgets send params as a JSON string.
    if (typeof params === 'string') params = parseJson(Buffer.from(params)) ?? params;
    const deps: CommandDeps = {
      host: this.o.host,
      values: () => this.values(),
      fleetStatus: () => this.status,
      dataDir: this.dataDir,
      appVersion: this.o.appVersion,
      restart: () => this.requestRestart(),
    };
    const answer = method === null ? { ok: false as const, error: { code: 'bad-request', message: 'expected {"method": "…", "params": {…}}' } } : await runCommand(method, params, deps);
    const code = answer.ok ? null : answer.error.code;
    this.status.lastCommand = { method: method ?? '(malformed)', ok: answer.ok, code, at: new Date(this.now()).toISOString() };
    this.touch();
    this.o.audit(`fleet.rpc.${method ?? 'malformed'}`, answer.ok, code ?? '');
    const body = JSON.stringify(answer);
    try {
      await this.publish(Topics.rpcResponse(id), body);
    } catch (e) {
      // Too many answers await their PUBACK: this one goes at most once rather than not at all.
      if (e instanceof PublishRefused) this.gate.qos0(this.client, Topics.rpcResponse(id), body);
      else log('rpc %s: answer not sent: %s', id, (e as Error).message);
    }
    if (answer.ok && method === 'setOutOfService') this.pushTelemetry(telemetryValues(this.snapshot()));
  }

  /** `restart`: now when idle (after the answer went out), else at the first idle moment. */
  private requestRestart(): 'now' | 'when-idle' {
    if (!midService(this.o.host)) {
      setTimeout(() => this.o.restart(), 300).unref();
      return 'now';
    }
    if (!this.pendingRestart) {
      this.pendingRestart = true;
      const t = setInterval(() => {
        if (this.stopped) return clearInterval(t);
        if (midService(this.o.host)) return;
        clearInterval(t);
        this.o.restart();
      }, 1000);
      t.unref();
    }
    return 'when-idle';
  }

  /** Status changed: write the status file soon (several changes in a burst write once). */
  private touch(): void {
    this.status.updatedAt = new Date(this.now()).toISOString();
    this.status.outOfService = this.o.host.state.outOfService;
    if (this.statusTimer || this.stopped) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.writeStatus();
    }, 200);
    this.statusTimer.unref();
  }

  private writeStatus(): void {
    try {
      writeFleetStatus(this.dataDir, this.status);
    } catch (e) {
      log('status file: %s', (e as Error).message);
    }
  }

  /** Close the connection and the buffer; what was not acknowledged stays on disk for the next start. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of [this.reconnectTimer, this.statusTimer, this.stableTimer]) if (t) clearTimeout(t);
    for (const t of [this.periodic, this.applyTimer]) if (t) clearInterval(t);
    for (const d of this.disposers) d();
    this.rpcGuard.flush();
    this.firmware.stop();
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true).catch((e: unknown) => log('mqtt end: %s', (e as Error).message));
    this.status.connected = false;
    this.status.state = 'stopped';
    this.writeStatus();
    this.buffer.close();
  }
}

function kioskConfigState(r: NonNullable<FleetStatus['remoteConfig']>): Record<string, unknown> {
  return r.state === 'rejected' ? { state: 'rejected', error: r.error, hash: r.hash } : { state: r.state, hash: r.hash };
}

/** The effective config's hash, without secrets (tokens and the PIN hash are not hashed in). */
export function effectiveConfigHash(c: KioskConfig): string {
  const { backend, diagnostics, fleet, ...rest } = c;
  return configHash({ ...rest, backend: { url: backend.url ?? null }, diagnostics: { sessionMin: diagnostics.sessionMin }, fleet: fleet ? { url: fleet.url, telemetrySec: fleet.telemetrySec } : null });
}

export function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    // Malformed input is data, not a crash: callers answer it (bad-request) or drop it.
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
