import type {
  DeviceKind,
  DeviceState,
  DeviceStatus,
  HealthLevel,
  HealthResult,
  IdCard,
  PrinterStatus,
  RecoveryAction,
  ScanResult,
} from '../../contracts/devices.js';
import { Emitter, type Disposable, type Listener } from '../../common/events.js';

/** Options every device request takes: a timeout (ms) and an optional cancellation signal. */
export interface RequestOptions {
  /** Give up after this many ms with a `timeout` KioskError. */
  timeoutMs: number;
  /** Abort → the request rejects with a `cancelled` KioskError (cancellation is not failure). */
  signal?: AbortSignal;
}

/**
 * The contract every device service implements, real or simulated. Modelled on UnifiedPOS
 * (open/checkHealth/dispose) with XFS4IoT-style status: state, detail, last error + action.
 */
export interface DeviceService {
  readonly id: string;
  readonly kind: DeviceKind;
  /** Current status snapshot. */
  status(): DeviceStatus;
  /** Fires whenever any field of {@link status} changes. */
  onDidChangeStatus(listener: Listener<DeviceStatus>): Disposable;
  /** Open the transport. Does not throw when the device is absent: it goes `offline` and retries. */
  open(): Promise<void>;
  /** `internal`: self-test without media; `external`: a real read/print/scan round trip. */
  checkHealth(level: HealthLevel): Promise<HealthResult>;
  /** Close ports and handles; the service is unusable afterwards. */
  dispose(): Promise<void>;
}

export interface IdCardReaderService extends DeviceService {
  readonly kind: 'idcard-reader';
  /** Wait for a card to be placed and read it once. Polls only while this is pending. */
  readCard(options: RequestOptions): Promise<IdCard>;
  /**
   * The session that read the card now on the reader is over: that placement is spent. Until the
   * reader has seen no card, a card in the field is not read again (status detail `remove-card`), so
   * a card left behind never identifies the next citizen.
   */
  releaseCard(): void;
  /** Fires when a card is read (full data: host side only, never sent to the renderer as is). */
  onDidInsertCard(listener: Listener<IdCard>): Disposable;
  onDidRemoveCard(listener: Listener<void>): Disposable;
}

export interface ScannerService extends DeviceService {
  readonly kind: 'scanner';
  /** Arm the scanner for one scan, then disarm. */
  scanOnce(options: RequestOptions): Promise<ScanResult>;
}

/** A receipt document as data; the ESC/POS encoder turns it into bytes. */
export type ReceiptLine =
  | { type: 'text'; text: string; align?: 'left' | 'center' | 'right'; bold?: boolean; size?: 1 | 2 }
  | { type: 'qr'; data: string; size?: number }
  | { type: 'barcode'; data: string; symbology?: 'code128' | 'code39' | 'ean13' }
  | { type: 'rule' }
  | { type: 'feed'; lines: number }
  /** 1-bit raster image: `pixels` is base64 of rows packed MSB first, ceil(width/8) bytes per row. */
  | { type: 'image'; width: number; height: number; pixels: string; align?: 'left' | 'center' | 'right' };

export interface ReceiptDocument {
  lines: ReceiptLine[];
  cut?: 'full' | 'partial';
}

export interface PrintOutcome {
  jobId: string;
  /** True only when the printer confirmed the job (e.g. `GS r 1` after the data). */
  confirmed: boolean;
  ms: number;
}

export interface ReceiptPrinterService extends DeviceService {
  readonly kind: 'receipt-printer';
  readPrinterStatus(options: RequestOptions): Promise<PrinterStatus>;
  /** Print; rejects with `paper-end`, `cover-open` or `device-offline` instead of pretending. */
  print(doc: ReceiptDocument, options: RequestOptions): Promise<PrintOutcome>;
}

/** Shared status bookkeeping for device services. */
export abstract class DeviceServiceBase implements DeviceService {
  abstract readonly kind: DeviceKind;
  protected readonly statusEmitter = new Emitter<DeviceStatus>();
  private current: DeviceStatus;

  constructor(
    readonly id: string,
    kind: DeviceKind,
    init: { transport: string; simulated: boolean; model?: string | null },
  ) {
    this.current = {
      id,
      kind,
      state: 'offline',
      detail: 'not-opened',
      model: init.model ?? null,
      transport: init.transport,
      simulated: init.simulated,
      awaitingCardRemoval: false,
      lastError: null,
    };
  }

  status(): DeviceStatus {
    return this.current;
  }

  onDidChangeStatus(listener: Listener<DeviceStatus>): Disposable {
    return this.statusEmitter.event(listener);
  }

  protected setState(state: DeviceState, detail: string | null = null, awaitingCardRemoval = false): void {
    const c = this.current;
    if (c.state === state && c.detail === detail && c.awaitingCardRemoval === awaitingCardRemoval) return;
    this.current = { ...c, state, detail, awaitingCardRemoval };
    this.statusEmitter.fire(this.current);
  }

  protected setModel(model: string | null): void {
    if (this.current.model === model) return;
    this.current = { ...this.current, model };
    this.statusEmitter.fire(this.current);
  }

  protected recordError(code: string, message: string, action: RecoveryAction): void {
    this.current = { ...this.current, lastError: { code, message, action, at: new Date().toISOString() } };
    this.statusEmitter.fire(this.current);
  }

  protected healthResult(level: HealthLevel, ok: boolean, action: RecoveryAction, message: string): HealthResult {
    const s = this.current;
    return { id: this.id, level, ok, state: s.state, detail: s.detail, action, message };
  }

  abstract open(): Promise<void>;
  abstract checkHealth(level: HealthLevel): Promise<HealthResult>;

  async dispose(): Promise<void> {
    this.setState('offline', 'disposed');
    this.statusEmitter.clear();
  }
}
