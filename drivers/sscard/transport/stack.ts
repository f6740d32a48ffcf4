import type { CardLink, ReaderInfo } from './pcsc.js';

/**
 * What the reader service needs of a smart-card stack: the PC/SC context (pcscd/WinSCard) or,
 * on a machine without pcscd, the in-process simulated reader. Both give readers, their changes
 * and connections to cards, each call bounded in time.
 */
export interface SmartCardStack {
  readonly transport: 'pcsc' | 'memory';
  readers(): ReaderInfo[];
  /** Resolves when a reader or card changes, or after `timeoutMs`. */
  waitForChange(timeoutMs: number): Promise<void>;
  /** Wake a pending {@link waitForChange}. */
  cancel(): void;
  connect(reader: string, timeoutMs: number): Promise<CardLink>;
  close(): void;
}
