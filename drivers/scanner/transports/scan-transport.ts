import type { ResolvedLayout } from '../codecs/hid-pos-layouts.js';

/**
 * A byte source from a scanner: serial chunks, or whole HID-POS input reports. Transports never
 * interpret bytes; framing is the codec's job.
 */
export interface ScanTransport {
  readonly describe: string;
  /** `stream`: serial bytes in arbitrary chunks; `reports`: one HID-POS report per delivery. */
  readonly unit: 'stream' | 'reports';
  open(): Promise<void>;
  isOpen(): boolean;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called when the link drops (unplug, error); the service reopens. */
  onClose(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
  /** HID-POS only: the report layout found at open (descriptor, model profile or default). */
  reportLayout?(): ResolvedLayout | null;
}
