import { readFileSync } from 'node:fs';
import createDebug from 'debug';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { FleetConfig } from '../../../contracts/config.js';
import type { FleetStatus } from './fleet-status.js';
import { PublishGate } from './publish-gate.js';
import { readToken, removeToken, writeToken } from './token-store.js';
import { parseJson, sleep, Topics } from './topics.js';

const log = createDebug('kiosk:fleet');

/** A connection that held this long counts as stable: the reconnect back-off starts again from its base. */
export const STABLE_CONNECTION_MS = 30_000;

export interface MqttLinkOptions {
  fleet: FleetConfig;
  kioskId: string;
  dataDir: string;
  /** The fleet status the link keeps its fields of (state, connection, token); `touch` after a change. */
  status: FleetStatus;
  touch(): void;
  audit(action: string, ok: boolean, detail: string): void;
  /** Provisioning failed (staff alert; the link keeps trying). */
  alert(message: string): void;
  /** Connected: subscribe and introduce the kiosk. */
  onConnect(client: MqttClient, reconnect: boolean): Promise<void>;
  onMessage(topic: string, payload: Buffer, retained: boolean): void;
  /** Back-off bounds, ms (contract: 1 s … 60 s). */
  backoff?: { baseMs: number; capMs: number };
  stableMs?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * The MQTT connection to the fleet platform: the access token (configured or provisioned), jittered
 * reconnects, and bounded QoS 1 publishing. What goes over it is the other fleet parts' business.
 */
export class MqttLink {
  private client: MqttClient | null = null;
  private stopped = false;
  private token: string | null;
  private tokenSource: FleetStatus['tokenSource'];
  private attempt = 0;
  private connects = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private readonly gate = new PublishGate();
  private readonly random: () => number;

  constructor(private readonly o: MqttLinkOptions) {
    this.random = o.random ?? Math.random;
    const provisioned = readToken(o.dataDir);
    this.token = o.fleet.accessToken ?? provisioned;
    this.tokenSource = o.fleet.accessToken ? 'config' : provisioned ? 'provisioned' : null;
    o.status.tokenPresent = this.token !== null;
    o.status.tokenSource = this.tokenSource;
  }

  /** Provision when there is no token, then connect. */
  start(): void {
    if (this.token) this.connect();
    else void this.provision();
  }

  get connected(): boolean {
    return !this.stopped && this.client?.connected === true;
  }

  /** QoS 1 publish that resolves on PUBACK; refused when too many await theirs (see {@link PublishGate}). */
  publish(topic: string, payload: string | Buffer, timeoutMs = 15_000): Promise<void> {
    return this.gate.qos1(this.client, topic, payload, timeoutMs);
  }

  /** QoS 0 publish, dropped (false) when the socket is backed up. */
  publishOnce(topic: string, payload: string): boolean {
    return this.gate.qos0(this.client, topic, payload);
  }

  /** QoS 1 publishes awaiting their PUBACK on the current connection (diagnostics, tests). */
  unacked(): number {
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
    const opts: IClientOptions = {
      clientId: this.o.kioskId,
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
    this.o.status.state = state;
    if (error !== null) this.o.status.lastError = error;
    this.o.touch();
  }

  private setToken(token: string | null, source: FleetStatus['tokenSource']): void {
    this.token = token;
    this.tokenSource = source;
    this.o.status.tokenPresent = token !== null;
    this.o.status.tokenSource = source;
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
        writeToken(this.o.dataDir, token);
        this.setToken(token, 'provisioned');
        this.o.audit('fleet.provision', true, 'token stored');
        this.attempt = 0;
        this.connect();
        return;
      } catch (e) {
        const msg = (e as Error).message;
        log('provisioning failed: %s', msg);
        this.setState('provision-failed', `provisioning: ${msg}`);
        this.o.alert(msg);
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
          const req = { deviceName: this.o.kioskId, provisionDeviceKey: key, provisionDeviceSecret: secret };
          client.publish(Topics.provisionRequest, JSON.stringify(req), { qos: 1 }, (e) => e && finish(e));
        });
      });
      client.on('message', (topic, payload) => {
        if (topic === Topics.provisionResponse) provisioningAnswer(parseJson(payload), finish);
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
    client.on('message', (topic, payload, packet) => this.o.onMessage(topic, payload, packet.retain));
    client.on('error', (e) => this.onError(client, e));
    client.on('close', () => {
      if (this.client !== client) return;
      if (this.stableTimer) clearTimeout(this.stableTimer);
      this.stableTimer = null;
      const was = this.o.status.connected;
      this.o.status.connected = false;
      if (this.stopped) return;
      if (was) log('disconnected');
      this.setState('disconnected');
      this.scheduleReconnect();
    });
  }

  private onError(client: MqttClient, e: Error): void {
    log('mqtt error: %s', e.message);
    this.o.status.lastError = e.message;
    // CONNACK 4/5: the platform no longer knows our provisioned token (device deleted): register again.
    const code = (e as { code?: unknown }).code;
    if ((code !== 4 && code !== 5) || this.tokenSource !== 'provisioned' || !this.o.fleet.provision || this.stopped) return;
    log('provisioned token refused; provisioning again');
    this.o.audit('fleet.provision', false, 'token refused by the platform; provisioning again');
    removeToken(this.o.dataDir);
    this.setToken(null, null);
    if (this.client === client) this.client = null;
    client.removeAllListeners();
    client.on('error', (err) => log('refused connection: %s', err.message));
    client.end(true);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    void this.provision();
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
    this.o.status.connected = true;
    this.o.status.connectedAt = new Date((this.o.now ?? Date.now)()).toISOString();
    this.o.status.lastError = null;
    this.setState('connected');
    log('connected to %s', this.o.fleet.url);
    await this.o.onConnect(client, this.connects++ > 0);
  }

  /** Close the connection; nothing is kept in memory (telemetry waits on disk). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of [this.reconnectTimer, this.stableTimer]) if (t) clearTimeout(t);
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true).catch((e: unknown) => log('mqtt end: %s', (e as Error).message));
    this.o.status.connected = false;
  }
}

/** ThingsBoard's provisioning answer: an access token, or why not. */
function provisioningAnswer(a: unknown, finish: (err: Error | null, token?: string) => void): void {
  if (!a || typeof a !== 'object') return finish(new Error('malformed provisioning answer'));
  const r = a as Record<string, unknown>;
  if (r.status === 'SUCCESS' && r.credentialsType === 'ACCESS_TOKEN' && typeof r.credentialsValue === 'string' && r.credentialsValue.length > 0 && r.credentialsValue.length <= 256) {
    return finish(null, r.credentialsValue);
  }
  if (r.status === 'SUCCESS') return finish(new Error(`unsupported credentials type ${String(r.credentialsType).slice(0, 40)}`));
  finish(new Error(`refused: ${String(r.errorMsg ?? r.status ?? 'FAILURE').slice(0, 200)}`));
}
