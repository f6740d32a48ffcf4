import type { KioskConfig } from '../../contracts/config.js';
import type { PrinterStatus } from '../../contracts/devices.js';
import type { PrintoutLine } from '../../contracts/protocol.js';
import type { IdCardReaderService, ReceiptPrinterService, ScannerService } from './device.js';

/** What every device factory gets from the host's composition root. */
export interface DeviceContext {
  /** The kiosk's data directory (absolute). */
  dataDir: string;
  /** The CJK font documents are rendered with (config `documents`); the document printer checks it is there. */
  documentFont?: { fontPath?: string; fontName?: string };
}

/** Developer-panel controls of the simulated ID-card reader. */
export interface IdCardSimControl {
  listCards(): { key: string; label: string }[];
  /** Place the demo card with this key on the reader (replaces any card there). */
  placeCard(key: string): void;
  removeCard(): void;
}

/** Developer-panel controls of the simulated scanner. */
export interface ScannerSimControl {
  /** The simulated scanner reads this code (sent over its real transport). */
  scan(data: string): void;
}

export interface PrinterSimState {
  online: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

/** Developer-panel controls of the simulated receipt printer. */
export interface PrinterSimControl {
  setState(patch: Partial<PrinterSimState>): void;
  state(): PrinterSimState;
  /**
   * What the simulator printed, newest last, as text (and a PNG rendering where available); `lines`
   * is the same printout line by line, for a screen that draws its text in a real font.
   */
  printouts(): { at: string; text: string; pngBase64?: string; widthDots?: number; lines?: PrintoutLine[] }[];
}

/**
 * A device service, already opened (an absent device is `offline` and retrying, not a throw),
 * plus, in simulated mode, its simulator's controls. `dispose` closes both.
 */
export interface DeviceHandle<S, C> {
  service: S;
  sim: C | null;
  dispose(): Promise<void>;
}

export type IdCardReaderFactory = (
  config: KioskConfig['devices']['idCardReader'],
  ctx: DeviceContext,
) => Promise<DeviceHandle<IdCardReaderService, IdCardSimControl>>;

export type ScannerFactory = (
  config: KioskConfig['devices']['scanner'],
  ctx: DeviceContext,
) => Promise<DeviceHandle<ScannerService, ScannerSimControl>>;

export type ReceiptPrinterFactory = (
  config: KioskConfig['devices']['receiptPrinter'],
  ctx: DeviceContext,
) => Promise<DeviceHandle<ReceiptPrinterService, PrinterSimControl>>;

export type { PrinterStatus };
