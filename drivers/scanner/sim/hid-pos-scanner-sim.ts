import { splitIntoReports } from '../codecs/hid-pos.js';
import { resolveHidPosLayout, type ResolvedLayout } from '../codecs/hid-pos-layouts.js';
import type { HidPosLayout } from '../codecs/hid-report-descriptor.js';
import type { ScanTransport } from '../transports/scan-transport.js';

/**
 * A simulated HID-POS scanner seen through a transport: it sends reports in its own `deviceLayout`
 * and exposes `descriptor` (or none, as when sysfs is unreadable), and the transport side resolves
 * the layout exactly as {@link HidPosScanTransport} does. A wrong resolution shows up as wrong data.
 */
export class SimHidPosTransport implements ScanTransport {
  readonly unit = 'reports' as const;
  readonly describe: string;
  private open_ = false;
  private layout: ResolvedLayout | null = null;
  private readonly dataListeners: ((c: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((e: Error | null) => void)[] = [];

  constructor(
    private readonly device: { vendorId: number; productId: number; descriptor: Uint8Array | null; deviceLayout: HidPosLayout },
  ) {
    this.describe = `sim-hid-pos:${device.vendorId.toString(16).padStart(4, '0')}:${device.productId.toString(16).padStart(4, '0')}`;
  }

  async open(): Promise<void> {
    this.layout = resolveHidPosLayout({ descriptor: this.device.descriptor, vendorId: this.device.vendorId, productId: this.device.productId });
    this.open_ = true;
  }

  reportLayout(): ResolvedLayout | null {
    return this.layout;
  }

  /** Send one code as the scanner would: chained reports, AIM in the symbology fields where the layout has them. */
  scan(payload: Uint8Array, o: { aim?: string; symbologyId?: number; stripReportId?: boolean } = {}): void {
    for (const r of splitIntoReports(payload, { aim: o.aim, symbologyId: o.symbologyId }, this.device.deviceLayout)) {
      const out = o.stripReportId ? r.subarray(1) : r;
      for (const l of this.dataListeners) l(out);
    }
  }

  isOpen(): boolean {
    return this.open_;
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  /** Unplug: the service sees the link drop. */
  unplug(): void {
    this.open_ = false;
    for (const l of this.closeListeners) l(new Error('unplugged'));
  }

  async close(): Promise<void> {
    this.open_ = false;
  }
}
