import { randomUUID } from 'node:crypto';
import createDebug from 'debug';
import type { HealthLevel, HealthResult, PrinterStatus, RecoveryAction } from '../../contracts/devices.js';
import { KioskError, isKioskErrorLike } from '../../contracts/errors.js';
import { DeviceServiceBase, type PrintOutcome, type ReceiptDocument, type ReceiptPrinterService, type RequestOptions } from '../core/device.js';
import { Emitter, type Disposable, type Listener } from '../../common/events.js';
import { delay, withTimeout } from '../core/request.js';
import * as cmd from './escpos/commands.js';
import { encodeReceipt } from './escpos/receipt-encoder.js';
import { PrinterReplies } from './printer-replies.js';
import { captureUntilQuiet } from './raw-capture.js';
import {
  ReplyReader,
  blockingCondition,
  decodeAsb,
  decodePaperSensor,
  decodeRealtimeStatus,
  statusDetail,
  type PaperSensorBits,
  type PrinterReply,
} from './escpos/status-codec.js';
import type { PrinterProfile } from './profiles.js';
import type { PrinterTransport } from './transports/printer-transport.js';

const debug = createDebug('kiosk:printer');

/** Options of {@link EscPosReceiptPrinter}; all times in ms. */
export interface EscPosPrinterOptions {
  transport: PrinterTransport;
  profile: PrinterProfile;
  simulated?: boolean;
  /** Status poll between jobs. Default 3000. */
  pollIntervalMs?: number;
  /** Silence after a `DLE EOT` longer than this means offline. Default 1000. */
  queryTimeoutMs?: number;
  /** Connect/open timeout. Default 3000. */
  connectTimeoutMs?: number;
  /** While a job prints, how often the offline cause (`DLE EOT 2`) is checked. Default 250. */
  watchIntervalMs?: number;
}

type Blocking = 'device-offline' | 'cover-open' | 'paper-end' | 'device-error';

const ACTION: Record<Blocking, RecoveryAction> = {
  'device-offline': 'reconnect',
  'cover-open': 'clear',
  'paper-end': 'maintenance',
  'device-error': 'reset',
};

const MESSAGE: Record<Blocking, string> = {
  'device-offline': 'the printer does not answer',
  'cover-open': 'the printer cover is open',
  'paper-end': 'the printer is out of paper',
  'device-error': 'the printer reports an error (cutter or mechanism)',
};

/**
 * An ESC/POS receipt printer over any {@link PrinterTransport}. A job is sent only when `DLE EOT 1–4`
 * report a clean status, is followed by `GS r 1`, and counts as printed only when that reply arrives;
 * while it prints, `DLE EOT 2` is polled so paper end or cover open ends the job with an error instead
 * of a long wait. Silence is offline. Automatic status back blocks, where the model sends them,
 * update the status too.
 */
export class EscPosReceiptPrinter extends DeviceServiceBase implements ReceiptPrinterService {
  readonly kind = 'receipt-printer' as const;
  private readonly transport: PrinterTransport;
  private readonly profile: PrinterProfile;
  private readonly reader = new ReplyReader();
  private readonly replies: PrinterReplies;
  /** How this model's paper-sensor bit pairs read, the same in DLE EOT 4, GS a and GS r. */
  private readonly sensorBits: PaperSensorBits;
  private lock: Promise<unknown> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  private jobInFlight = false;
  private last: PrinterStatus | null = null;
  private readonly printerStatusEmitter = new Emitter<PrinterStatus>();
  /** While a raw exchange runs, received bytes go here instead of the reply reader. */
  private rawTap: ((chunk: Uint8Array) => void) | null = null;
  private readonly o: Required<Omit<EscPosPrinterOptions, 'transport' | 'profile' | 'simulated'>>;

  constructor(id: string, options: EscPosPrinterOptions) {
    super(id, 'receipt-printer', { transport: options.transport.describe, simulated: options.simulated ?? false, model: options.profile.name });
    this.transport = options.transport;
    this.profile = options.profile;
    this.sensorBits = { nearEnd: options.profile.status.nearEndSensors, paperEnd: options.profile.status.paperEndSensors };
    this.o = {
      pollIntervalMs: options.pollIntervalMs ?? 3000,
      queryTimeoutMs: options.queryTimeoutMs ?? 1000,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      watchIntervalMs: options.watchIntervalMs ?? 250,
    };
    this.replies = new PrinterReplies({ write: (bytes) => this.transport.write(bytes), queryTimeoutMs: this.o.queryTimeoutMs, silence: (what) => this.silence(what) });
    this.transport.onData((chunk) => (this.rawTap ? this.rawTap(chunk) : this.onReplies(this.reader.feed(chunk))));
    this.transport.onClose((e) => this.onLinkLost(e));
  }

  /** Fires when the decoded printer status changes (near end, paper end, cover, online…). */
  onDidChangePrinterStatus(listener: Listener<PrinterStatus>): Disposable {
    return this.printerStatusEmitter.event(listener);
  }

  /** Last status read from the printer, or null before the first answer. */
  lastPrinterStatus(): PrinterStatus | null {
    return this.last;
  }

  async open(): Promise<void> {
    try {
      await this.exclusive(() => this.ensureConnected());
      await this.exclusive(() => this.readStatusNow(undefined));
    } catch (e) {
      // Absent or silent printer: stay offline and let the poll loop retry.
      debug('open: %s', isKioskErrorLike(e) ? e.message : String(e));
    }
    this.schedulePoll();
  }

  readPrinterStatus(options: RequestOptions): Promise<PrinterStatus> {
    return withTimeout('printer status', options, (signal) =>
      this.exclusive(async () => {
        signal.throwIfAborted();
        await this.ensureConnected();
        return this.readStatusNow(signal);
      }),
    );
  }

  print(doc: ReceiptDocument, options: RequestOptions): Promise<PrintOutcome> {
    let bytes: Uint8Array;
    try {
      bytes = encodeReceipt(doc, this.profile).bytes;
    } catch (e) {
      return Promise.reject(new KioskError('bad-request', `receipt cannot be encoded: ${(e as Error).message}`, false, { cause: e }));
    }
    const jobId = randomUUID();
    return withTimeout('print', options, (signal) => this.exclusive(() => this.runJob(jobId, bytes, signal)));
  }

  async checkHealth(level: HealthLevel): Promise<HealthResult> {
    try {
      const st = await this.readPrinterStatus({ timeoutMs: this.o.queryTimeoutMs * 5 });
      const block = blockingCondition(st);
      if (block) return this.healthResult(level, false, ACTION[block], MESSAGE[block]);
      if (level === 'external' && this.profile.status.confirm === 'gs-r-1') {
        // A real round trip without paper: `GS r 1` is answered only after the buffer is processed.
        await withTimeout('printer round trip', { timeoutMs: this.o.queryTimeoutMs * 5 }, (signal) =>
          this.exclusive(async () => {
            const p = this.replies.waitPaper(signal);
            await this.transport.write(cmd.transmitPaperStatus());
            await p;
          }),
        );
      }
      return this.healthResult(level, true, 'none', st.paperNearEnd ? 'ready, paper near end' : 'ready');
    } catch (e) {
      const err = isKioskErrorLike(e) ? e : new KioskError('device-error', String(e));
      return this.healthResult(level, false, err.code === 'device-offline' || err.code === 'timeout' ? 'reconnect' : 'reset', err.message);
    }
  }

  /**
   * Diagnostics raw console: send bytes exactly as given (between jobs and status polls) and return
   * what the printer sent back: everything that arrived until `quietMs` (default 200) of silence
   * after the first reply byte, or until `timeoutMs` (then possibly nothing). Not for citizen flows.
   */
  directIO(bytes: Uint8Array, options: RequestOptions & { quietMs?: number }): Promise<Uint8Array> {
    return this.exclusive(async () => {
      options.signal?.throwIfAborted();
      await this.ensureConnected();
      if (!this.transport.canRead) throw new KioskError('not-available', `${this.transport.describe} cannot read replies`);
      try {
        return await captureUntilQuiet((tap) => (this.rawTap = tap), () => this.transport.write(bytes), options);
      } finally {
        this.rawTap = null;
        this.reader.reset();
      }
    });
  }

  override async dispose(): Promise<void> {
    this.disposed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.failWaiters(new KioskError('cancelled', 'printer disposed'));
    await this.transport.close();
    this.printerStatusEmitter.clear();
    await super.dispose();
  }

  // ---- job ----

  private async runJob(jobId: string, bytes: Uint8Array, signal: AbortSignal): Promise<PrintOutcome> {
    signal.throwIfAborted();
    const t0 = performance.now();
    await this.ensureConnected();
    if (!this.transport.canRead || this.profile.status.confirm === 'none') {
      // Write-only link: we can send, never confirm. Say so instead of pretending.
      await this.transport.write(bytes);
      debug('job %s sent unconfirmed (%d bytes)', jobId, bytes.length);
      return { jobId, confirmed: false, ms: Math.round(performance.now() - t0) };
    }
    const before = await this.readStatusNow(signal);
    const block = blockingCondition(before);
    if (block) throw this.refuse(block);
    this.jobInFlight = true;
    this.setState('busy', 'printing');
    let sent = false;
    try {
      const confirmed = this.replies.waitPaper(signal);
      await this.transport.write(cmd.concat([bytes, cmd.transmitPaperStatus()]));
      sent = true;
      debug('job %s sent (%d bytes), waiting for GS r', jobId, bytes.length);
      for (;;) {
        const tick = delay(this.o.watchIntervalMs, signal).then(() => null);
        const reply = await Promise.race([confirmed, tick]);
        if (reply !== null) {
          const paper = decodePaperSensor(reply, this.sensorBits);
          this.updateStatus({ ...(this.last ?? before), ...paper, online: true });
          debug('job %s confirmed', jobId);
          return { jobId, confirmed: true, ms: Math.round(performance.now() - t0) };
        }
        // Still printing (or stopped): ask why the printer might be offline. Real-time, so it is
        // answered even while the mechanism waits; silence means offline.
        const cause = await this.queryRealtime(2, signal);
        const coverOpen = (cause & 0x04) !== 0;
        const paperEnd = (cause & 0x20) !== 0;
        const error = (cause & 0x40) !== 0;
        if (coverOpen || paperEnd || error) {
          const st = await this.readStatusNow(signal);
          throw this.refuse(blockingCondition(st) ?? (coverOpen ? 'cover-open' : paperEnd ? 'paper-end' : 'device-error'));
        }
      }
    } catch (e) {
      // The job failed after its bytes reached the printer: what it has not printed yet must not come
      // out later (after a refill), or a retry prints a partial receipt plus a whole one.
      if (sent) throw await this.discardRestOfJob(jobId, e);
      throw e;
    } finally {
      this.jobInFlight = false;
      this.replies.dropPaperWaiter();
      if (this.status().state === 'busy') this.applyState(this.last);
    }
  }

  /**
   * Drop the rest of a failed job from the printer's buffers with the model's real-time command and
   * return the error to throw: the original one, or, where the model cannot clear, one that says the
   * rest will print when the printer recovers. Never throws itself.
   */
  private async discardRestOfJob(jobId: string, cause: unknown): Promise<unknown> {
    // A printer that stopped answering or a dropped link cannot take the command either.
    if (isKioskErrorLike(cause) && cause.code === 'device-offline') return cause;
    const how = this.profile.status.clearBuffer;
    try {
      if (how === 'dle-dc4-8') {
        await this.replies.clearBuffers();
        debug('job %s: rest of the job cleared (DLE DC4 8)', jobId);
        return cause;
      }
      if (how === 'dle-enq-2') {
        await this.transport.write(cmd.recoverClearingBuffers());
        // DLE ENQ 2 has no answer; a real-time status query behind it does, and real-time commands
        // are taken in order, so its reply means the clear has happened before anything else is sent.
        await this.queryRealtime(1, undefined);
        debug('job %s: rest of the job cleared (DLE ENQ 2)', jobId);
        return cause;
      }
      return this.withUnclearedNote(cause, `${this.profile.name} has no buffer-clear command`);
    } catch (e) {
      debug('job %s: clearing the printer buffer failed: %s', jobId, isKioskErrorLike(e) ? e.message : String(e));
      return this.withUnclearedNote(cause, `clearing its buffer failed (${isKioskErrorLike(e) ? e.message : String(e)})`);
    }
  }

  private withUnclearedNote(cause: unknown, why: string): unknown {
    if (!isKioskErrorLike(cause)) return cause;
    const note = `; the rest of the receipt is still in the printer and prints when it recovers (${why})`;
    return new KioskError(cause.code, `${cause.message}${note}`, cause.retryable, { cause });
  }

  private refuse(code: Blocking): KioskError {
    const err = new KioskError(code, MESSAGE[code], code === 'device-offline');
    this.recordError(code, err.message, ACTION[code]);
    return err;
  }

  // ---- status ----

  /** `DLE EOT 1..4` (or an ASB block on models without real-time status), decoded. */
  private async readStatusNow(signal: AbortSignal | undefined): Promise<PrinterStatus> {
    if (!this.transport.canRead) throw new KioskError('not-available', `${this.transport.describe} cannot read replies: printer status is unknown`);
    let st: PrinterStatus;
    if (this.profile.status.realtime) {
      const printer = await this.queryRealtime(1, signal);
      const offlineCause = await this.queryRealtime(2, signal);
      const errorCause = await this.queryRealtime(3, signal);
      const paper = await this.queryRealtime(4, signal);
      st = decodeRealtimeStatus({ printer, offlineCause, errorCause, paper }, this.sensorBits);
    } else {
      st = await this.replies.waitAsbBlock(signal);
    }
    this.updateStatus(st);
    return st;
  }

  private queryRealtime(n: 1 | 2 | 3 | 4, signal: AbortSignal | undefined): Promise<number> {
    return this.replies.request(cmd.realtimeStatus(n), `DLE EOT ${n}`, signal);
  }

  private silence(what: string): KioskError {
    const err = new KioskError('device-offline', `${this.transport.describe}: no answer to ${what} within ${this.o.queryTimeoutMs} ms`, true);
    this.updateStatus({ online: false, paperEnd: false, paperNearEnd: false, coverOpen: false, cutterError: false, error: false }, 'no-answer');
    return err;
  }

  private onReplies(replies: PrinterReply[]): void {
    for (const r of replies) {
      if (r.kind === 'realtime') this.replies.realtimeReply(r.byte);
      else if (r.kind === 'paper-sensor') this.replies.paperReply(r.byte);
      else if (r.kind === 'asb') {
        const st = decodeAsb(r.bytes, this.sensorBits);
        this.updateStatus(st);
        this.replies.asbBlock(st);
        // A paper end or open cover reported while a job waits for its confirmation ends the job now.
        const block = blockingCondition(st);
        if (block && this.jobInFlight && this.replies.awaitingPaper()) this.replies.rejectPaper(this.refuse(block));
      } else if (r.kind === 'clear-response') this.replies.clearResponse();
      else debug('unknown reply byte 0x%s', r.byte.toString(16));
    }
  }

  private updateStatus(st: PrinterStatus, detailOverride?: string): void {
    const changed = JSON.stringify(st) !== JSON.stringify(this.last);
    this.last = st;
    if (changed) this.printerStatusEmitter.fire(st);
    if (!this.jobInFlight) this.applyState(st, detailOverride);
  }

  private applyState(st: PrinterStatus | null, detailOverride?: string): void {
    if (!st) return this.setState('offline', detailOverride ?? 'unknown');
    const detail = detailOverride ?? statusDetail(st);
    const block = blockingCondition(st);
    if (block === 'device-offline') this.setState('offline', detail);
    else if (block) this.setState('error', detail);
    else this.setState('ready', detail);
  }

  // ---- link ----

  private async ensureConnected(): Promise<void> {
    if (this.transport.isOpen()) return;
    if (this.disposed) throw new KioskError('cancelled', 'printer disposed');
    try {
      await this.transport.open(this.o.connectTimeoutMs);
      this.reader.reset();
    } catch (e) {
      this.setState('offline', 'not-connected');
      throw e;
    }
  }

  private onLinkLost(e: Error | null): void {
    debug('link lost: %s', e?.message ?? 'closed');
    this.failWaiters(new KioskError('device-offline', `${this.transport.describe}: connection lost${e ? ` (${e.message})` : ''}`, true));
    if (!this.disposed) this.setState('offline', 'disconnected');
  }

  private failWaiters(err: KioskError): void {
    this.replies.failAll(err);
  }

  private schedulePoll(): void {
    if (this.disposed) return;
    this.pollTimer = setTimeout(async () => {
      if (!this.jobInFlight) {
        try {
          await this.readPrinterStatus({ timeoutMs: this.o.queryTimeoutMs * 5 + this.o.connectTimeoutMs });
        } catch (e) {
          // Between jobs a failed poll is a status, not an exception: it is already in the state.
          debug('poll: %s', isKioskErrorLike(e) ? `${e.code} ${e.message}` : String(e));
        }
      }
      this.schedulePoll();
    }, this.o.pollIntervalMs);
    this.pollTimer.unref();
  }

  /** Status polls and jobs never interleave on the wire. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    // The chain only orders work; each caller gets its own result or error through `run`.
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
