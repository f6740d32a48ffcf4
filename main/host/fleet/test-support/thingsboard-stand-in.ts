import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Aedes, type Client } from 'aedes';

/**
 * A ThingsBoard stand-in for tests and the benchmark: a real MQTT broker (aedes) playing the
 * platform's side of the device API (docs/protocol.md §5): access tokens as usernames, per-device
 * `v1/devices/me/…` topics (a plain broker has none: each publish is recorded for the device whose
 * token connected, never routed back to it), provisioning answers, shared-attribute pushes and
 * attribute-request answers, server-side RPC, and OTA chunks.
 */
export interface RecordedMessage {
  device: string;
  topic: string;
  payload: Buffer;
  at: number;
}

export interface StandInOptions {
  /** Known devices: token → device name. */
  tokens?: Record<string, string>;
  /** Provisioning credentials the stand-in accepts; omitted: every request fails. */
  provision?: { key: string; secret: string };
  /** Shared attributes per device name, answered to attribute requests. */
  shared?: Record<string, Record<string, unknown>>;
  /** Firmware packages by title/version for OTA chunk requests. */
  firmware?: Record<string, Buffer>;
  port?: number;
  /** Serve mqtts:// with this key and certificate (PEM). */
  tls?: { key: Buffer; cert: Buffer };
}

/** aedes calls this once a QoS 1 packet went to the socket (it requires a callback). */
function deliveryDone(err?: Error | null): void {
  if (err) process.stderr.write(`stand-in: delivery failed: ${err.message}\n`);
}

export class ThingsBoardStandIn {
  readonly messages: RecordedMessage[] = [];
  /** Every byte of every payload the devices sent (the privacy test reads these). */
  readonly tokens: Map<string, string>;
  readonly shared = new Map<string, Record<string, unknown>>();
  readonly provisionRequests: unknown[] = [];
  private broker: Aedes | null = null;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly clients = new Map<string, Client>();
  private rpcSeq = 0;
  private provisioned = 0;
  private readonly rpcWaiters = new Map<string, (v: unknown) => void>();
  private readonly listeners = new Set<() => void>();
  port = 0;

  constructor(private readonly o: StandInOptions = {}) {
    this.tokens = new Map(Object.entries(o.tokens ?? {}));
    for (const [d, a] of Object.entries(o.shared ?? {})) this.shared.set(d, { ...a });
  }

  get url(): string {
    return `${this.o.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  /** Start (or restart after {@link stop}) on the same port. */
  async start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: (client, username, _password, done) => {
        if (username === 'provision') return done(null, true);
        const device = username ? this.tokens.get(username) : undefined;
        if (!device) {
          const err = Object.assign(new Error('bad credentials'), { returnCode: 5 });
          return done(err as never, false);
        }
        (client as Client & { device?: string }).device = device;
        this.clients.set(device, client);
        done(null, true);
      },
      authorizePublish: (client, packet, done) => {
        if (!client) return done(null);
        const device = (client as Client & { device?: string }).device;
        if (packet.topic === '/provision/request') {
          this.onProvision(client, packet.payload as Buffer);
          packet.topic = `$standin/provision/${client.id}`;
          return done(null);
        }
        if (!device) return done(new Error('not a device connection'));
        const payload = Buffer.from(packet.payload as Buffer);
        this.messages.push({ device, topic: packet.topic, payload, at: Date.now() });
        this.onDeviceMessage(device, client, packet.topic, payload);
        // Never route a device's own publish back to it (or to any other device).
        packet.topic = `$standin/${device}/${packet.topic}`;
        done(null);
        for (const l of this.listeners) l();
      },
      authorizeSubscribe: (client, sub, done) => {
        const device = (client as Client & { device?: string }).device;
        if (!device && sub.topic !== '/provision/response') return done(new Error('provision connection: /provision/response only'));
        done(null, sub);
      },
    });
    this.broker = broker;
    broker.on('clientDisconnect', (client) => {
      const device = (client as Client & { device?: string }).device;
      if (device && this.clients.get(device) === client) this.clients.delete(device);
    });
    const onSocket = (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', (e) => deliveryDone(e));
      broker.handle(s);
    };
    const server = this.o.tls ? createTlsServer({ key: this.o.tls.key, cert: this.o.tls.cert }, onSocket) : createServer(onSocket);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port || this.o.port || 0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stop the broker (drop every connection); {@link start} brings it back on the same port. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.clients.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    await new Promise<void>((r) => (this.broker ? this.broker.close(() => r()) : r()));
    this.server = null;
    this.broker = null;
  }

  connected(device: string): boolean {
    return this.clients.has(device);
  }

  private onProvision(client: Client, payload: Buffer): void {
    let req: Record<string, unknown>;
    try {
      req = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    } catch (e) {
      req = { malformed: (e as Error).message };
    }
    this.provisionRequests.push(req);
    const p = this.o.provision;
    let answer: Record<string, unknown>;
    if (p && req.provisionDeviceKey === p.key && req.provisionDeviceSecret === p.secret && typeof req.deviceName === 'string') {
      const token = `tok-${req.deviceName}-${++this.provisioned}`;
      this.tokens.set(token, req.deviceName);
      answer = { status: 'SUCCESS', credentialsType: 'ACCESS_TOKEN', credentialsValue: token };
    } else {
      answer = { status: 'FAILURE', errorMsg: 'Provision data was not found!' };
    }
    // After the request's PUBACK, as ThingsBoard does.
    setImmediate(() => client.publish({ cmd: 'publish', topic: '/provision/response', payload: Buffer.from(JSON.stringify(answer)), qos: 1, dup: false, retain: false }, deliveryDone));
  }

  private onDeviceMessage(device: string, client: Client, topic: string, payload: Buffer): void {
    const req = /^v1\/devices\/me\/attributes\/request\/(\d+)$/.exec(topic);
    if (req) {
      let keys: string[];
      try {
        const body = JSON.parse(payload.toString('utf8')) as { sharedKeys?: string };
        keys = (body.sharedKeys ?? '').split(',').filter(Boolean);
      } catch (e) {
        keys = [String((e as Error).name)];
      }
      const have = this.shared.get(device) ?? {};
      const shared = Object.fromEntries(keys.filter((k) => k in have).map((k) => [k, have[k]]));
      setImmediate(() => this.send(client, `v1/devices/me/attributes/response/${req[1]}`, Object.keys(shared).length ? { shared } : {}));
      return;
    }
    const rpc = /^v1\/devices\/me\/rpc\/response\/(\d+)$/.exec(topic);
    if (rpc) {
      const w = this.rpcWaiters.get(`${device}/${rpc[1]}`);
      if (w) {
        this.rpcWaiters.delete(`${device}/${rpc[1]}`);
        w(JSON.parse(payload.toString('utf8')) as unknown);
      }
      return;
    }
    const fw = /^v2\/fw\/request\/(\d+)\/chunk\/(\d+)$/.exec(topic);
    if (fw) {
      const a = this.shared.get(device) ?? {};
      const pkg = this.o.firmware?.[`${String(a.fw_title)}/${String(a.fw_version)}`] ?? Buffer.alloc(0);
      const size = Number(payload.toString('utf8')) || pkg.length;
      const n = Number(fw[2]);
      const chunk = pkg.subarray(n * size, (n + 1) * size);
      setImmediate(() => client.publish({ cmd: 'publish', topic: `v2/fw/response/${fw[1]}/chunk/${fw[2]}`, payload: chunk, qos: 1, dup: false, retain: false }, deliveryDone));
    }
  }

  private send(client: Client, topic: string, body: unknown): void {
    client.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(body)), qos: 1, dup: false, retain: false }, deliveryDone);
  }

  /** Set shared attributes and push them to the device (as ThingsBoard does on a change). */
  pushShared(device: string, attrs: Record<string, unknown>): void {
    this.shared.set(device, { ...(this.shared.get(device) ?? {}), ...attrs });
    const c = this.clients.get(device);
    if (c) this.send(c, 'v1/devices/me/attributes', attrs);
  }

  /** A server-side RPC; resolves with the device's answer. */
  rpc(device: string, method: string, params: unknown = {}, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return this.rawRpc(device, Buffer.from(JSON.stringify({ method, params })), timeoutMs, `rpc ${method}`);
  }

  /** Send raw bytes as an RPC request (hostile-input tests); resolves with the raw answer. */
  rawRpc(device: string, payload: Buffer, timeoutMs = 5000, what = 'raw rpc'): Promise<Record<string, unknown>> {
    const c = this.clients.get(device);
    if (!c) return Promise.reject(new Error(`${device} is not connected`));
    const id = String(++this.rpcSeq);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.rpcWaiters.delete(`${device}/${id}`);
        reject(new Error(`${what}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.rpcWaiters.set(`${device}/${id}`, (v) => {
        clearTimeout(t);
        resolve(v as Record<string, unknown>);
      });
      c.publish({ cmd: 'publish', topic: `v1/devices/me/rpc/request/${id}`, payload, qos: 1, dup: false, retain: false }, deliveryDone);
    });
  }

  /** Telemetry records of a device, flattened: `{ts, values}` in the order received. */
  telemetry(device: string): { ts: number; values: Record<string, unknown>; receivedAt: number }[] {
    const out: { ts: number; values: Record<string, unknown>; receivedAt: number }[] = [];
    for (const m of this.messages) {
      if (m.device !== device || m.topic !== 'v1/devices/me/telemetry') continue;
      const body = JSON.parse(m.payload.toString('utf8')) as unknown;
      for (const r of Array.isArray(body) ? body : [body]) {
        const rec = r as { ts?: number; values?: Record<string, unknown> };
        if (rec.ts !== undefined && rec.values) out.push({ ts: rec.ts, values: rec.values, receivedAt: m.at });
        else out.push({ ts: m.at, values: rec as Record<string, unknown>, receivedAt: m.at });
      }
    }
    return out;
  }

  /** Client attributes a device published, merged in order. */
  clientAttributes(device: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const m of this.messages) if (m.device === device && m.topic === 'v1/devices/me/attributes') Object.assign(out, JSON.parse(m.payload.toString('utf8')) as object);
    return out;
  }

  /** Resolve when `pred` holds (checked after each device message and every 50 ms). */
  waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let v: T | undefined | null | false;
        try {
          v = pred();
        } catch (e) {
          v = undefined;
          void e;
        }
        if (v) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(check, 50);
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }
}
