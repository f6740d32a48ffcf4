import createDebug from 'debug';
import type { HealthLevel, HealthResult, ScanResult } from '../../contracts/devices.js';
import { KioskError, isKioskErrorLike } from '../../contracts/errors.js';
import { DeviceServiceBase, type RequestOptions, type ScannerService } from '../core/device.js';
import { withTimeout } from '../core/request.js';
import { HidPosAssembler, stripAim, type AssembledScan } from './codecs/hid-pos.js';
import { LineFramer } from './codecs/line-framer.js';
import { decodePayload } from './codecs/payload-decode.js';
import type { ScanTransport } from './transports/scan-transport.js';

const debug = createDebug('kiosk:scanner');

/** Options of {@link ScannerDevice}; times in ms. */
export interface ScannerDeviceOptions {
  transport: ScanTransport;
  source: ScanResult['source'];
  simulated?: boolean;
  /** Gap that ends a scan from a scanner without CR/LF suffix (serial only). Default 50. */
  interByteTimeoutMs?: number;
  /** The same code again within this window is dropped. Default 1500. */
  repeatWindowMs?: number;
  /** Strip an AIM identifier (`]Q1`) from serial payloads too (HID-POS always). Default false. */
  stripAimOnSerial?: boolean;
  /** Reopen attempts after the link dropped. Default 2000. */
  reconnectMs?: number;
}

/**
 * A QR/barcode scanner: serial/CDC or HID-POS bytes → framed payload → {@link ScanResult}. Armed only
 * while a `scanOnce` is pending (UPOS AutoDisable): frames that arrive unarmed are discarded, one
 * scan answers one request, and the same code again within the repeat window is ignored.
 */
export class ScannerDevice extends DeviceServiceBase implements ScannerService {
  readonly kind = 'scanner' as const;
  private readonly t: ScanTransport;
  private readonly o: Required<Omit<ScannerDeviceOptions, 'transport' | 'source' | 'simulated'>>;
  private readonly source: ScanResult['source'];
  private readonly framer = new LineFramer();
  private readonly assembler = new HidPosAssembler();
  private gapTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private armed: { resolve(r: ScanResult): void } | null = null;
  private lastAccepted: { key: string; at: number } | null = null;
  private disposed = false;
  /** Where the HID-POS report layout came from, for the health text. */
  private layoutDetail: string | null = null;

  constructor(id: string, options: ScannerDeviceOptions) {
    super(id, 'scanner', { transport: options.transport.describe, simulated: options.simulated ?? false });
    this.t = options.transport;
    this.source = options.source;
    this.o = {
      interByteTimeoutMs: options.interByteTimeoutMs ?? 50,
      repeatWindowMs: options.repeatWindowMs ?? 1500,
      stripAimOnSerial: options.stripAimOnSerial ?? false,
      reconnectMs: options.reconnectMs ?? 2000,
    };
    this.t.onData((chunk) => this.onBytes(chunk));
    this.t.onClose((e) => {
      debug('link lost: %s', e?.message ?? 'closed');
      if (this.disposed) return;
      this.setState('offline', 'disconnected');
      this.scheduleReconnect();
    });
  }

  async open(): Promise<void> {
    try {
      await this.t.open();
      this.framer.reset();
      const layout = this.t.reportLayout?.() ?? null;
      if (layout) {
        this.assembler.setLayout(layout.layout);
        this.layoutDetail = `${layout.source}: ${layout.detail}`;
        debug('HID-POS layout (%s)', this.layoutDetail);
      } else this.assembler.reset();
      this.setState('ready', null);
    } catch (e) {
      const err = isKioskErrorLike(e) ? e : new KioskError('device-offline', String(e), true);
      this.recordError(err.code, err.message, 'reconnect');
      this.setState('offline', 'not-connected');
      this.scheduleReconnect();
    }
  }

  scanOnce(options: RequestOptions): Promise<ScanResult> {
    if (this.armed) return Promise.reject(new KioskError('busy', 'a scan is already being waited for', true));
    if (!this.t.isOpen()) return Promise.reject(new KioskError('device-offline', `scanner ${this.t.describe} is not connected`, true));
    return withTimeout('scan', options, (signal) => {
      this.setState('busy', 'armed');
      return new Promise<ScanResult>((resolve, reject) => {
        const disarm = (): void => {
          this.armed = null;
          if (this.status().state === 'busy') this.setState(this.t.isOpen() ? 'ready' : 'offline', this.t.isOpen() ? null : 'disconnected');
        };
        this.armed = {
          resolve: (r) => {
            disarm();
            resolve(r);
          },
        };
        signal.addEventListener(
          'abort',
          () => {
            disarm();
            reject(signal.reason);
          },
          { once: true },
        );
      });
    });
  }

  async checkHealth(level: HealthLevel): Promise<HealthResult> {
    // A scanner cannot be exercised without a person holding a code up to it: both levels check the link.
    if (this.t.isOpen()) return this.healthResult(level, true, 'none', `connected (${this.t.describe}${this.layoutDetail ? `; layout ${this.layoutDetail}` : ''})`);
    return this.healthResult(level, false, 'reconnect', `not connected (${this.t.describe})`);
  }

  override async dispose(): Promise<void> {
    this.disposed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.t.close();
    await super.dispose();
  }

  private onBytes(chunk: Uint8Array): void {
    if (this.t.unit === 'reports') {
      const scan = this.assembler.feed(chunk);
      if (scan) this.deliver(scan);
      return;
    }
    for (const frame of this.framer.feed(chunk)) this.deliver(this.serialScan(frame));
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    if (this.framer.hasPending()) {
      // No suffix yet: a quiet gap ends the scan (scanners configured without CR/LF).
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        const f = this.framer.flush();
        if (f) this.deliver(this.serialScan(f));
      }, this.o.interByteTimeoutMs);
    }
  }

  private serialScan(frame: Uint8Array): AssembledScan {
    return this.o.stripAimOnSerial ? stripAim(frame) : { bytes: frame, aim: null, symbology: null };
  }

  private deliver(scan: AssembledScan): void {
    if (scan.bytes.length === 0) return;
    const armed = this.armed;
    if (!armed) {
      debug('scan of %d bytes while not armed: discarded', scan.bytes.length);
      return;
    }
    const key = Buffer.from(scan.bytes).toString('base64');
    const now = Date.now();
    if (this.lastAccepted && this.lastAccepted.key === key && now - this.lastAccepted.at < this.o.repeatWindowMs) {
      debug('repeat of the last code within %d ms: dropped', this.o.repeatWindowMs);
      return;
    }
    this.lastAccepted = { key, at: now };
    const { text, encoding } = decodePayload(scan.bytes);
    debug('scan: %d bytes, %s, symbology %s', scan.bytes.length, encoding, scan.symbology ?? '-');
    armed.resolve({ data: text, bytes: key, symbology: scan.symbology, aim: scan.aim, source: this.source, at: new Date(now).toISOString() });
  }

  private scheduleReconnect(): void {
    if (this.disposed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.disposed && !this.t.isOpen()) void this.open();
    }, this.o.reconnectMs);
    this.reconnectTimer.unref();
  }
}

/**
 * The host-side face of a keyboard-wedge scanner: the OS delivers its keystrokes to the focused
 * window, so the renderer reads it (renderer/src/devices/keyboard-wedge.ts). Here it is only reported.
 */
export class KeyboardWedgeScanner extends DeviceServiceBase implements ScannerService {
  readonly kind = 'scanner' as const;

  constructor(id: string) {
    super(id, 'scanner', { transport: 'keyboard', simulated: false });
  }

  async open(): Promise<void> {
    this.setState('ready', 'keyboard-wedge');
  }

  scanOnce(_options: RequestOptions): Promise<ScanResult> {
    return Promise.reject(new KioskError('not-available', 'this scanner is a keyboard wedge: its scans are read in the renderer, not by the host', false));
  }

  async checkHealth(level: HealthLevel): Promise<HealthResult> {
    return this.healthResult(level, true, 'none', 'keyboard wedge: read in the renderer; the host cannot see it');
  }
}
