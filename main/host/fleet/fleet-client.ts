import createDebug from 'debug';
import type { MqttClient } from 'mqtt';
import type { FleetConfig } from '../../../contracts/config.js';
import type { KioskControl } from '../kiosk/kiosk-control.js';
import { CommandDispatch } from './command-dispatch.js';
import { FirmwareUpdater, type FirmwareInstaller } from './firmware-update.js';
import type { FleetHost } from './fleet-host.js';
import { type FleetStatus, keepOutOfService, readOutOfService, writeFleetStatus } from './fleet-status.js';
import { MqttLink } from './mqtt-link.js';
import { effectiveConfigHash, kioskConfigState, RemoteConfigSync } from './remote-config-sync.js';
import type { TelemetryBuffer } from './telemetry-buffer.js';
import { TelemetryUplink } from './telemetry-uplink.js';
import { FW_KEYS, parseJson, Topics } from './topics.js';

export { Topics } from './topics.js';

const log = createDebug('kiosk:fleet');

/** Messages larger than this (but firmware chunks) are dropped unread: hostile input stays bounded. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export interface FleetClientOptions {
  host: FleetHost;
  fleet: FleetConfig;
  appVersion: string;
  /** What remote commands may do to the kiosk. */
  control: KioskControl;
  /** Audit one remote action in the diagnostics audit log. */
  audit(action: string, ok: boolean, detail: string): void;
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
 * The kiosk as a ThingsBoard device (docs/protocol.md §5), put together from its parts: the MQTT
 * connection (mqtt-link.ts), telemetry (telemetry-uplink.ts), remote config (remote-config-sync.ts),
 * commands (command-dispatch.ts) and OTA (firmware-update.ts). This class routes messages between
 * them and keeps the status file. One instance per host; {@link stop} closes everything.
 */
export class FleetClient {
  private stopped = false;
  private statusTimer: NodeJS.Timeout | null = null;
  private requestSeq = 0;
  private readonly disposers: (() => void)[] = [];
  private readonly now: () => number;
  private readonly dataDir: string;
  private readonly link: MqttLink;
  private readonly uplink: TelemetryUplink;
  private readonly remoteConfig: RemoteConfigSync;
  private readonly commands: CommandDispatch;
  readonly firmware: FirmwareUpdater;
  readonly status: FleetStatus;

  constructor(private readonly o: FleetClientOptions) {
    const h = o.host;
    this.dataDir = h.config.dataDir;
    this.now = o.now ?? Date.now;
    // The operator's out-of-service notice outlives a restart (the nightly one included) until lifted.
    const notice = readOutOfService(this.dataDir);
    if (notice) o.control.setOutOfService(notice);
    const status = (this.status = initialStatus(o.fleet.url, o.control.outOfService(), this.now()));
    const touch = () => this.touch();
    const common = { dataDir: this.dataDir, status, touch, now: this.now };
    this.link = new MqttLink({
      ...common,
      fleet: o.fleet,
      kioskId: h.config.kioskId,
      audit: o.audit,
      backoff: o.backoff,
      stableMs: o.stableMs,
      random: o.random,
      alert: (message) => h.emit('kiosk.alert', { kind: 'fleet-provision-failed', message }),
      onConnect: (client, reconnect) => this.onConnect(client, reconnect),
      onMessage: (topic, payload, retained) => this.onMessage(topic, payload, retained),
    });
    this.uplink = new TelemetryUplink({ ...common, host: h, fleet: o.fleet, link: this.link, paceMs: o.paceMs });
    this.remoteConfig = new RemoteConfigSync({
      ...common,
      config: h.config,
      audit: o.audit,
      idle: () => o.control.idle(),
      // The renderer takes the new hall name, timeouts, … without a reconnect handshake.
      applied: () => h.emit('kiosk.info', h.info()),
      publishAttributes: (attrs) => this.publishAttributes(attrs),
    });
    const commands = { control: o.control, kioskId: h.config.kioskId, values: () => this.values(), fleetStatus: () => this.status, dataDir: this.dataDir, appVersion: o.appVersion };
    this.commands = new CommandDispatch({ ...common, commands, link: this.link, audit: o.audit });
    this.firmware = new FirmwareUpdater({
      dataDir: this.dataDir,
      currentVersion: o.appVersion,
      installer: o.installer ?? null,
      idle: () => o.control.idle(),
      requestChunk: (req, chunk, size) => this.link.publish(Topics.fwRequest(req, chunk), String(size)),
      report: (values) => this.pushTelemetry(values),
      onState: (fw) => {
        this.status.firmware = fw;
        this.touch();
      },
      audit: o.audit,
    });
  }

  /** The on-disk telemetry buffer (tests, diagnostics). */
  get buffer(): TelemetryBuffer {
    return this.uplink.buffer;
  }

  /** Start: provision when there is no token, then connect; telemetry starts at once (buffered until connected). */
  start(): void {
    // The notice is kept on disk as the state changes (the command's answer refreshes the status file).
    const d = keepOutOfService(this.o.host.state, this.dataDir);
    this.disposers.push(() => d.dispose());
    this.uplink.start(this.firmware.currentValues());
    this.firmware.resumeAfterStart();
    this.link.start();
  }

  /** The current telemetry values (getStatus, the benchmark). */
  values(): Record<string, unknown> {
    return this.uplink.values();
  }

  /** Telemetry always goes through the disk buffer, so order and original timestamps survive any outage. */
  pushTelemetry(values: Record<string, unknown>, ts = this.now()): void {
    if (!this.stopped) this.uplink.push(values, ts);
  }

  /** QoS 1 publishes awaiting their PUBACK on the current connection (diagnostics, tests). */
  unackedPublishes(): number {
    return this.link.unacked();
  }

  private async onConnect(client: MqttClient, reconnect: boolean): Promise<void> {
    try {
      await client.subscribeAsync([Topics.attributes, Topics.attributesResponse, Topics.rpcRequest, Topics.fwResponse], { qos: 1 });
      await this.link.publish(Topics.attributes, JSON.stringify(this.clientAttributes()));
      // The contract's request for the remote config, then the OTA keys in a request of their own.
      await this.link.publish(Topics.attributesRequest(++this.requestSeq), JSON.stringify({ sharedKeys: 'kioskConfig' }));
      await this.link.publish(Topics.attributesRequest(++this.requestSeq), JSON.stringify({ sharedKeys: FW_KEYS.join(',') }));
    } catch (e) {
      log('after connect: %s', (e as Error).message);
    }
    if (reconnect) this.uplink.reconnected();
    void this.uplink.pump();
  }

  private clientAttributes(): Record<string, unknown> {
    const c = this.o.host.config;
    const a: Record<string, unknown> = { appVersion: this.o.appVersion, kioskId: c.kioskId, configHash: effectiveConfigHash(c), hall: c.hall.name };
    if (this.status.remoteConfig) a.kioskConfigState = kioskConfigState(this.status.remoteConfig);
    return a;
  }

  private publishAttributes(attrs: Record<string, unknown>): void {
    this.link.publish(Topics.attributes, JSON.stringify(attrs)).catch((e: unknown) => log('attributes not sent: %s', (e as Error).message));
  }

  private onMessage(topic: string, payload: Buffer, retained: boolean): void {
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
      } else if (topic.startsWith('v1/devices/me/rpc/request/')) void this.commands.onRequest(topic.slice('v1/devices/me/rpc/request/'.length), payload, retained);
    } catch (e) {
      log('message on %s: %s', topic, (e as Error).message);
    }
  }

  private onSharedAttributes(a: unknown, opts: { fromRequest?: boolean } = {}): void {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return;
    const r = a as Record<string, unknown>;
    if ('kioskConfig' in r) this.remoteConfig.onPushed(r.kioskConfig);
    if (Array.isArray(r.deleted) && r.deleted.includes('kioskConfig')) this.remoteConfig.onPushed({}, { revert: true });
    if (FW_KEYS.some((k) => k in r)) this.firmware.onAttributes(r, opts);
  }

  /** Status changed: write the status file soon (several changes in a burst write once). */
  private touch(): void {
    this.status.updatedAt = new Date(this.now()).toISOString();
    this.status.outOfService = this.o.control.outOfService();
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
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.uplink.stop();
    this.remoteConfig.stop();
    this.o.control.dispose();
    for (const d of this.disposers) d();
    this.commands.flush();
    this.firmware.stop();
    await this.link.stop();
    this.status.state = 'stopped';
    this.writeStatus();
    this.uplink.close();
  }
}

function initialStatus(url: string, outOfService: FleetStatus['outOfService'], now: number): FleetStatus {
  return {
    enabled: true,
    url,
    connected: false,
    state: 'connecting',
    lastError: null,
    connectedAt: null,
    lastTelemetryAt: null,
    buffered: 0,
    dropped: 0,
    tokenPresent: false,
    tokenSource: null,
    remoteConfig: null,
    lastCommand: null,
    outOfService,
    firmware: null,
    updatedAt: new Date(now).toISOString(),
  };
}
