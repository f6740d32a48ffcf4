// TEMPORARY in-process simulated devices used by the host until the protocol-level simulators
// (drivers/idcard, drivers/scanner, drivers/receipt-printer) are wired in.
import { KioskError } from '../../contracts/errors.js';
import type { HealthLevel, HealthResult, IdCard, PrinterStatus, ScanResult } from '../../contracts/devices.js';
import { DeviceServiceBase, type IdCardReaderService, type PrintOutcome, type ReceiptDocument, type ReceiptPrinterService, type RequestOptions, type ScannerService } from '../core/device.js';
import { Emitter } from '../core/events.js';
import { delay, withTimeout } from '../core/request.js';
import type { DeviceHandle, IdCardSimControl, PrinterSimControl, PrinterSimState, ScannerSimControl } from '../core/factory.js';
import { DEMO_CARDS, findDemoCard } from './demo-cards.js';

class SimReader extends DeviceServiceBase implements IdCardReaderService, IdCardSimControl {
  readonly kind = 'idcard-reader' as const;
  private placed: IdCard | null = null;
  private readonly inserted = new Emitter<IdCard>();
  private readonly removed = new Emitter<void>();
  onDidInsertCard = this.inserted.event;
  onDidRemoveCard = this.removed.event;
  constructor() { super('idcard-reader', 'idcard-reader', { transport: 'sim', simulated: true, model: 'sim' }); }
  async open() { this.setState('ready', null); }
  async checkHealth(level: HealthLevel): Promise<HealthResult> { return this.healthResult(level, true, 'none', 'ok'); }
  listCards() { return DEMO_CARDS.map((c) => ({ key: c.key, label: c.label })); }
  placeCard(key: string) {
    const d = findDemoCard(key);
    if (!d) throw new KioskError('not-found', `no demo card "${key}"`);
    this.placed = { ...d.card, photo: null, warnings: [] };
  }
  removeCard() { if (this.placed) { this.placed = null; this.removed.fire(); } }
  readCard(options: RequestOptions): Promise<IdCard> {
    return withTimeout('read ID card', options, async (signal) => {
      this.setState('busy', 'waiting-for-card');
      try {
        while (!this.placed) await delay(100, signal);
        this.inserted.fire(this.placed);
        return this.placed;
      } finally { this.setState('ready', null); }
    });
  }
}

class SimScanner extends DeviceServiceBase implements ScannerService, ScannerSimControl {
  readonly kind = 'scanner' as const;
  private waiter: ((s: ScanResult) => void) | null = null;
  constructor() { super('scanner', 'scanner', { transport: 'sim', simulated: true, model: 'sim' }); }
  async open() { this.setState('ready', null); }
  async checkHealth(level: HealthLevel): Promise<HealthResult> { return this.healthResult(level, true, 'none', 'ok'); }
  scan(data: string) {
    this.waiter?.({ data, bytes: Buffer.from(data).toString('base64'), symbology: null, source: 'sim', at: new Date().toISOString() });
  }
  scanOnce(options: RequestOptions): Promise<ScanResult> {
    return withTimeout('scan', options, (signal) => new Promise<ScanResult>((resolve, reject) => {
      this.waiter = (s) => { this.waiter = null; resolve(s); };
      signal.addEventListener('abort', () => { this.waiter = null; reject(signal.reason); }, { once: true });
    }));
  }
}

class SimPrinter extends DeviceServiceBase implements ReceiptPrinterService {
  readonly kind = 'receipt-printer' as const;
  private st: PrinterSimState = { online: true, paperEnd: false, paperNearEnd: false, coverOpen: false };
  private outs: { at: string; text: string }[] = [];
  constructor() { super('receipt-printer', 'receipt-printer', { transport: 'sim', simulated: true, model: 'sim' }); }
  async open() { this.refresh(); }
  private refresh() {
    const s = this.st;
    if (!s.online) this.setState('offline', 'no-answer');
    else if (s.paperEnd) this.setState('error', 'paper-end');
    else if (s.coverOpen) this.setState('error', 'cover-open');
    else this.setState('ready', s.paperNearEnd ? 'paper-near-end' : null);
  }
  async checkHealth(level: HealthLevel): Promise<HealthResult> { const ok = this.status().state === 'ready'; return this.healthResult(level, ok, ok ? 'none' : 'clear', ok ? 'ok' : String(this.status().detail)); }
  readonly control: PrinterSimControl = {
    setState: (patch) => { this.st = { ...this.st, ...patch }; this.refresh(); },
    state: () => this.st,
    printouts: () => this.outs,
  };
  async readPrinterStatus(): Promise<PrinterStatus> {
    const s = this.st;
    return { ...s, cutterError: false, error: !s.online || s.paperEnd || s.coverOpen };
  }
  async print(doc: ReceiptDocument): Promise<PrintOutcome> {
    if (this.st.paperEnd) throw new KioskError('paper-end', 'printer out of paper');
    const text = doc.lines.map((l) => ('text' in l ? l.text : `[${l.type}]`)).join('\n');
    this.outs.push({ at: new Date().toISOString(), text });
    return { jobId: String(this.outs.length), confirmed: true, ms: 1 };
  }
}

function handle<S extends DeviceServiceBase, C>(s: S & C): DeviceHandle<S, C> {
  return { service: s, sim: s, dispose: () => s.dispose() };
}
export const createInProcessReader = async () => handle<SimReader, IdCardSimControl>(new SimReader());
export const createInProcessScanner = async () => handle<SimScanner, ScannerSimControl>(new SimScanner());
export const createInProcessPrinter = async (): Promise<DeviceHandle<SimPrinter, PrinterSimControl>> => {
  const p = new SimPrinter();
  return { service: p, sim: p.control, dispose: () => p.dispose() };
};
