import createDebug from 'debug';
import HID from 'node-hid';
import { KioskError } from '../../../contracts/errors.js';
import { ENABLE_FEATURE_REPORT, ENABLE_FEATURE_VENDORS, HID_POS_USAGE_PAGE } from '../codecs/hid-pos.js';
import { resolveHidPosLayout, type ResolvedLayout } from '../codecs/hid-pos-layouts.js';
import { readHidrawDescriptor } from './hidraw-descriptor.js';
import type { ScanTransport } from './scan-transport.js';

const debug = createDebug('kiosk:scanner:hid');

/**
 * A HID-POS scanner through node-hid (hidraw on Linux). Opens the interface with usage page 0x8C for
 * the configured VID/PID (or the given path) and, for Honeywell/HHP/Youjie, sends the feature report
 * that switches HID-POS output on. The report layout comes from the device's report descriptor
 * (Linux sysfs, or a `getReportDescriptor()` should node-hid expose one), with per-model profiles as
 * the fallback. node-hid has no unplug event: a read error is the close signal.
 */
export class HidPosScanTransport implements ScanTransport {
  readonly unit = 'reports' as const;
  readonly describe: string;
  private dev: HID.HIDAsync | null = null;
  private dataListeners: ((c: Uint8Array) => void)[] = [];
  private closeListeners: ((e: Error | null) => void)[] = [];
  private layout: ResolvedLayout | null = null;

  constructor(
    private readonly vendorId: number,
    private readonly productId: number,
    private readonly path?: string,
  ) {
    this.describe = `hid-pos:${hex4(vendorId)}:${hex4(productId)}${path ? `@${path}` : ''}`;
  }

  async open(): Promise<void> {
    let path = this.path;
    if (!path) {
      const devices = await HID.devicesAsync(this.vendorId, this.productId);
      const pos = devices.find((d) => d.usagePage === HID_POS_USAGE_PAGE) ?? null;
      if (!pos?.path) {
        const pages = devices.map((d) => `0x${(d.usagePage ?? 0).toString(16)}`).join(', ');
        throw new KioskError('device-offline', `${this.describe}: no HID-POS interface (usage page 0x8C) found${pages ? `; interfaces: ${pages} (scanner in keyboard mode?)` : ''}`, true);
      }
      path = pos.path;
    }
    try {
      this.dev = await HID.HIDAsync.open(path);
    } catch (e) {
      throw new KioskError('device-offline', `${this.describe}: cannot open (${(e as Error).message}; udev rule for hidraw?)`, true, { cause: e });
    }
    debug('opened %s', this.describe);
    this.layout = resolveHidPosLayout({ descriptor: await this.readDescriptor(this.dev, path), vendorId: this.vendorId, productId: this.productId });
    debug('%s layout from %s: %s', this.describe, this.layout.source, this.layout.detail);
    if ((ENABLE_FEATURE_VENDORS as readonly number[]).includes(this.vendorId)) {
      try {
        await this.dev.sendFeatureReport([...ENABLE_FEATURE_REPORT]);
      } catch (e) {
        // Scanners already in HID-POS mode may reject the report; reading still works, so say so and go on.
        debug('enable feature report refused: %s', (e as Error).message);
      }
    }
    const dev = this.dev;
    dev.on('data', (d: Buffer) => {
      for (const l of this.dataListeners) l(new Uint8Array(d));
    });
    dev.on('error', (e: Error) => {
      debug('read error %s', e.message);
      this.dev = null;
      void dev.close().then(
        () => undefined,
        (e2: Error) => debug('close after error: %s', e2.message),
      );
      for (const l of this.closeListeners) l(e);
    });
  }

  reportLayout(): ResolvedLayout | null {
    return this.layout;
  }

  private async readDescriptor(dev: HID.HIDAsync, path: string): Promise<Uint8Array | null> {
    // node-hid 3.4 (installed) exposes no report-descriptor call, though its hidapi has
    // hid_get_report_descriptor; should a later version expose `getReportDescriptor()`, use it.
    const fn = (dev as unknown as { getReportDescriptor?: () => Promise<Buffer> }).getReportDescriptor;
    if (typeof fn === 'function') {
      try {
        return new Uint8Array(await fn.call(dev));
      } catch (e) {
        debug('getReportDescriptor failed: %s', (e as Error).message);
      }
    }
    return readHidrawDescriptor(path);
  }

  isOpen(): boolean {
    return this.dev !== null;
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    const d = this.dev;
    this.dev = null;
    if (d) await d.close();
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
