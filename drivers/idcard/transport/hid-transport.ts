import createDebug from 'debug';
import type { HIDAsync } from 'node-hid';
import { KioskError } from '../../../contracts/errors.js';
import { Emitter } from '../../../common/events.js';
import type { ByteTransport, CloseInfo } from './byte-transport.js';

const log = createDebug('kiosk:idcard:hid');

/** The HID report size of SAM readers in HID mode (YinanSoft `Sdtusbapi`, reference §6.3). */
export const HID_REPORT_BYTES = 64;

export interface HidOptions {
  vendorId: number;
  productId: number;
  /** hidraw / IOKit path; when set it wins over vendorId/productId. */
  path?: string;
  /**
   * Report id written in front of each OUT report. node-hid needs this byte first; 0x00 means
   * "unnumbered reports" and is not sent on the wire. Default 0.
   */
  reportId?: number;
  /**
   * Bytes to drop at the start of every IN report (a numbered report's id). Default 0: the SAM
   * frame runs on contiguously from one report into the next and the last report is padded;
   * the frame decoder skips the padding and any single leading byte (reference §6.3).
   */
  inputHeaderBytes?: number;
}

/**
 * A SAM reader in HID mode: frames are written as 64-byte OUT reports (zero padded) and arrive
 * as a run of 64-byte IN reports that together hold one frame (reference §6.3). The frame decoder
 * upstream reassembles across reports, so this transport only moves report payloads.
 */
export class HidTransport implements ByteTransport {
  readonly description: string;
  private device: HIDAsync | null = null;
  private closing = false;
  private readonly received = new Emitter<Uint8Array>();
  private readonly closed = new Emitter<CloseInfo>();
  readonly onDidReceive = this.received.event;
  readonly onDidClose = this.closed.event;

  constructor(private readonly options: HidOptions) {
    const id = `${hex4(options.vendorId)}:${hex4(options.productId)}`;
    this.description = `hid:${options.path ?? id}`;
  }

  get isOpen(): boolean {
    return this.device !== null;
  }

  async open(): Promise<void> {
    if (this.device) throw new KioskError('internal', `${this.description} already opened`);
    let device: HIDAsync;
    try {
      // Loaded on open, so a missing or broken native module only affects HID users.
      const HID = (await import('node-hid')).default;
      device = this.options.path
        ? await HID.HIDAsync.open(this.options.path)
        : await HID.HIDAsync.open(this.options.vendorId, this.options.productId);
    } catch (e) {
      throw new KioskError('device-offline', `${this.description}: ${e instanceof Error ? e.message : String(e)}`, true, { cause: e });
    }
    this.device = device;
    log('open %s', this.description);
    const skip = this.options.inputHeaderBytes ?? 0;
    device.on('data', (report: Buffer) => {
      log('rx report %d bytes', report.length);
      this.received.fire(new Uint8Array(report.subarray(skip)));
    });
    device.on('error', (err: Error) => {
      // node-hid reports an unplugged device as a read error; the handle is dead afterwards.
      log('error %s: %s', this.description, err.message);
      this.lost(err);
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const device = this.device;
    if (!device) throw new KioskError('device-offline', `${this.description} is not open`, true);
    for (let off = 0; off < bytes.length; off += HID_REPORT_BYTES) {
      const report = Buffer.alloc(1 + HID_REPORT_BYTES);
      report[0] = this.options.reportId ?? 0;
      Buffer.from(bytes.subarray(off, off + HID_REPORT_BYTES)).copy(report, 1);
      try {
        await device.write(report);
      } catch (e) {
        this.lost(e instanceof Error ? e : new Error(String(e)));
        throw new KioskError('device-offline', `${this.description}: write failed`, true, { cause: e });
      }
    }
    log('tx %d bytes', bytes.length);
  }

  async close(): Promise<void> {
    const device = this.device;
    if (!device) return;
    this.closing = true;
    this.device = null;
    device.removeAllListeners('data');
    await device.close();
    this.closed.fire({ expected: true, error: null });
  }

  private lost(err: Error): void {
    const device = this.device;
    if (!device || this.closing) return;
    this.device = null;
    device.removeAllListeners('data');
    device.close().catch((e: unknown) => log('close after loss: %s', e instanceof Error ? e.message : String(e)));
    this.closed.fire({ expected: false, error: err });
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
