import type { ScanTransport } from './scan-transport.js';

/**
 * An in-process byte pipe, used only where no pseudo-terminal pair can be made (Windows) so the
 * simulated scanner still works.
 * It enforces the same rules as a port: nothing is delivered while closed.
 */
export class MemoryScanTransport implements ScanTransport {
  readonly unit = 'stream' as const;
  readonly describe = 'memory';
  private open_ = false;
  private dataListeners: ((c: Uint8Array) => void)[] = [];
  private closeListeners: ((e: Error | null) => void)[] = [];

  async open(): Promise<void> {
    this.open_ = true;
  }

  isOpen(): boolean {
    return this.open_;
  }

  /** The simulated scanner's side: emit bytes as if they came off the wire. */
  emit(bytes: Uint8Array): void {
    if (!this.open_) return;
    const copy = bytes.slice();
    queueMicrotask(() => {
      for (const l of this.dataListeners) l(copy);
    });
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    for (const l of this.closeListeners) l(null);
  }
}
