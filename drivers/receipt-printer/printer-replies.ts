import createDebug from 'debug';
import type { PrinterStatus } from '../../contracts/devices.js';
import { KioskError } from '../../contracts/errors.js';
import * as cmd from './escpos/commands.js';

const debug = createDebug('kiosk:printer');

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: unknown): void;
}

export interface PrinterRepliesOptions {
  write(bytes: Uint8Array): Promise<void>;
  /** Silence after a query longer than this means offline, ms. */
  queryTimeoutMs: number;
  /** No answer to `what` in time: the error to reject with (the printer records itself offline). */
  silence(what: string): KioskError;
}

/**
 * Who waits for which printer reply. ESC/POS replies carry no request id: real-time status bytes
 * come back in the order asked, a `GS r` paper-sensor byte confirms a job, an automatic status back
 * block answers `GS a`, and `37 25 00` answers a buffer clear. Each waiter has a timeout or a signal,
 * and a lost link fails them all.
 */
export class PrinterReplies {
  private readonly realtime: Waiter<number>[] = [];
  private paper: Waiter<number> | null = null;
  private clear: Waiter<void> | null = null;
  private asb: Waiter<PrinterStatus> | null = null;

  constructor(private readonly o: PrinterRepliesOptions) {}

  /** Send a real-time query and wait for its one-byte reply (replies come back in order). */
  request(bytes: Uint8Array, what: string, signal: AbortSignal | undefined): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const queue = this.realtime;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => w.reject(signal?.reason);
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const w: Waiter<number> = {
        resolve: (b) => {
          settle();
          resolve(b);
        },
        reject: (e) => {
          settle();
          const i = queue.indexOf(w);
          if (i >= 0) queue.splice(i, 1);
          reject(e);
        },
      };
      const timer = setTimeout(() => w.reject(this.o.silence(what)), this.o.queryTimeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(w);
      this.o.write(bytes).catch((e) => w.reject(e));
    });
  }

  /** `GS a` with online, error and paper bits: the printer answers with a status block at once. */
  waitAsbBlock(signal: AbortSignal | undefined): Promise<PrinterStatus> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(this.o.silence('GS a')), this.o.queryTimeoutMs);
      const fail = (e: unknown): void => {
        clearTimeout(timer);
        this.asb = null;
        reject(e);
      };
      signal?.addEventListener('abort', () => fail(signal.reason), { once: true });
      this.asb = {
        resolve: (s) => {
          clearTimeout(timer);
          this.asb = null;
          resolve(s);
        },
        reject: fail,
      };
      this.o.write(cmd.automaticStatusBack(0x0e)).catch(fail);
    });
  }

  /** The `GS r 1` reply that confirms a job: no timeout of its own (the job watches the printer meanwhile). */
  waitPaper(signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const w: Waiter<number> = { resolve, reject };
      this.paper = w;
      signal.addEventListener(
        'abort',
        () => {
          if (this.paper === w) this.paper = null;
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  awaitingPaper(): boolean {
    return this.paper !== null;
  }

  dropPaperWaiter(): void {
    this.paper = null;
  }

  rejectPaper(err: KioskError): void {
    const w = this.paper;
    this.paper = null;
    w?.reject(err);
  }

  /** `DLE DC4 fn=8`, then nothing else until the `37 25 00` clear response (the manual's rule). */
  clearBuffers(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.clear = null;
        reject(new KioskError('timeout', `no clear response to DLE DC4 8 within ${this.o.queryTimeoutMs} ms`, true));
      }, this.o.queryTimeoutMs);
      const settle = (): void => clearTimeout(timer);
      this.clear = {
        resolve: () => {
          settle();
          resolve();
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
      this.o.write(cmd.clearBuffers()).catch((e: unknown) => {
        this.clear = null;
        settle();
        reject(e);
      });
    });
  }

  realtimeReply(byte: number): void {
    const w = this.realtime.shift();
    if (w) w.resolve(byte);
    else debug('late real-time reply 0x%s dropped', byte.toString(16));
  }

  paperReply(byte: number): void {
    const w = this.paper;
    this.paper = null;
    if (w) w.resolve(byte);
    else debug('unsolicited GS r reply 0x%s', byte.toString(16));
  }

  asbBlock(st: PrinterStatus): void {
    this.asb?.resolve(st);
  }

  clearResponse(): void {
    const w = this.clear;
    this.clear = null;
    if (w) w.resolve();
    else debug('unsolicited clear response');
  }

  /** The link is gone: every waiter fails with `err`. */
  failAll(err: KioskError): void {
    for (const w of this.realtime.splice(0)) w.reject(err);
    this.rejectPaper(err);
    this.asb?.reject(err);
    const c = this.clear;
    this.clear = null;
    c?.reject(err);
  }
}
