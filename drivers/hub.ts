import type { KioskConfig } from '../contracts/config.js';
import type { DeviceStatus, HealthLevel, HealthResult } from '../contracts/devices.js';
import { KioskError } from '../contracts/errors.js';
import type { DeviceService, IdCardReaderService, ReceiptPrinterService, ScannerService } from './core/device.js';
import type { DocumentPrinterFactory, DocumentPrinterService, DocumentPrinterSimControl } from './document-printer/index.js';
import { Emitter, type Disposable } from '../common/events.js';
import type {
  DeviceContext,
  DeviceHandle,
  IdCardReaderFactory,
  IdCardSimControl,
  PrinterSimControl,
  ReceiptPrinterFactory,
  ScannerFactory,
  ScannerSimControl,
} from './core/factory.js';

/** The factories the hub builds devices with; the host passes the real ones, tests may pass others. */
export interface DeviceFactories {
  idCardReader: IdCardReaderFactory;
  scanner: ScannerFactory;
  receiptPrinter: ReceiptPrinterFactory;
  documentPrinter: DocumentPrinterFactory;
}

/**
 * The device hub: builds every configured device, opens it, relays status changes and runs
 * health checks. It owns the devices: {@link DeviceHub.dispose} closes them all.
 */
export class DeviceHub {
  private readonly statusEmitter = new Emitter<DeviceStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly subscriptions: Disposable[] = [];

  private constructor(
    readonly idCardReader: DeviceHandle<IdCardReaderService, IdCardSimControl>,
    readonly scanner: DeviceHandle<ScannerService, ScannerSimControl>,
    readonly receiptPrinter: DeviceHandle<ReceiptPrinterService, PrinterSimControl>,
    readonly documentPrinter: DeviceHandle<DocumentPrinterService, DocumentPrinterSimControl>,
  ) {
    for (const d of this.devices()) this.subscriptions.push(d.onDidChangeStatus((s) => this.statusEmitter.fire(s)));
  }

  static async create(devices: KioskConfig['devices'], factories: DeviceFactories, ctx: DeviceContext): Promise<DeviceHub> {
    const made: DeviceHandle<DeviceService, unknown>[] = [];
    try {
      const reader = await factories.idCardReader(devices.idCardReader, ctx);
      made.push(reader);
      const scanner = await factories.scanner(devices.scanner, ctx);
      made.push(scanner);
      const printer = await factories.receiptPrinter(devices.receiptPrinter, ctx);
      made.push(printer);
      const documents = await factories.documentPrinter(devices.documentPrinter, ctx);
      made.push(documents);
      // Factories hand over services already opened (an absent device is `offline` and retrying).
      return new DeviceHub(reader, scanner, printer, documents);
    } catch (e) {
      await Promise.allSettled(made.map((h) => h.dispose()));
      throw e;
    }
  }

  devices(): DeviceService[] {
    return [this.idCardReader.service, this.scanner.service, this.receiptPrinter.service, this.documentPrinter.service];
  }

  statuses(): DeviceStatus[] {
    return this.devices().map((d) => d.status());
  }

  async checkHealth(id: string, level: HealthLevel): Promise<HealthResult> {
    const d = this.devices().find((x) => x.id === id);
    if (!d) throw new KioskError('not-found', `no device "${id}"`);
    return d.checkHealth(level);
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    const results = await Promise.allSettled([this.idCardReader, this.scanner, this.receiptPrinter, this.documentPrinter].map((h) => h.dispose()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), 'device hub: some devices failed to close');
  }
}
