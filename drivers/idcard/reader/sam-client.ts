import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import type { RequestOptions } from '../../core/device.js';
import type { Disposable } from '../../../common/events.js';
import { withTimeout } from '../../core/request.js';
import { commandName, encodeCommand, type CommandCode } from '../codec/commands.js';
import { FrameDecoder } from '../codec/frame.js';
import { answersCommand, parseResponse, type SamResponse } from '../codec/responses.js';
import { hex } from '../codec/status.js';
import type { ByteTransport } from '../transport/byte-transport.js';

const log = createDebug('kiosk:idcard:sam');

interface RawCollector {
  push(chunk: Uint8Array): void;
}

interface Pending {
  what: string;
  command: CommandCode;
  resolve(r: SamResponse): void;
  reject(e: unknown): void;
}

/**
 * Request/response over one open transport. The protocol has no request ids, so requests run one
 * at a time and a response belongs to the request in flight; bytes left over from an earlier
 * (timed-out) request are dropped before each new command is written, and a whole late answer that
 * arrives after it is recognised by its shape (`answersCommand`) and ignored.
 */
export class SamClient {
  private readonly decoder = new FrameDecoder();
  private pending: Pending | null = null;
  /** While a raw exchange runs, received bytes go here instead of the frame decoder. */
  private raw: RawCollector | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly subs: Disposable[];

  constructor(private readonly transport: ByteTransport) {
    this.subs = [
      transport.onDidReceive((chunk) => this.onBytes(chunk)),
      transport.onDidClose(() => this.fail(new KioskError('device-offline', `${transport.description} closed`, true))),
    ];
  }

  /** Send one command and wait for its response (any status: the caller interprets SW3). */
  request(command: CommandCode, options: RequestOptions): Promise<SamResponse> {
    const what = `${commandName(command.cmd, command.para) ?? 'command'} (${hex(command.cmd)} ${hex(command.para)})`;
    const run = () => withTimeout(what, options, (signal) => this.exchange(what, command, signal));
    const result = this.tail.then(run, run);
    this.tail = result.catch((e: unknown) => log('%s failed: %s', what, e instanceof Error ? e.message : String(e)));
    return result;
  }

  /**
   * Technician's raw console: write `bytes` as they are (no framing added) in turn with the other
   * requests, and collect what comes back until a whole frame has arrived or `options.timeoutMs`
   * passes (then whatever arrived, possibly nothing). Used only by diagnostics.
   */
  rawExchange(bytes: Uint8Array, options: RequestOptions): Promise<Uint8Array> {
    const run = () => this.collectRaw(bytes, options);
    const result = this.tail.then(run, run);
    this.tail = result.catch((e: unknown) => log('raw exchange failed: %s', e instanceof Error ? e.message : String(e)));
    return result;
  }

  private collectRaw(bytes: Uint8Array, options: RequestOptions): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const chunks: Uint8Array[] = [];
      const probe = new FrameDecoder();
      const finish = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (this.raw === collector) this.raw = null;
        resolve(Buffer.concat(chunks));
      };
      const onAbort = () => {
        clearTimeout(timer);
        if (this.raw === collector) this.raw = null;
        reject(options.signal?.reason);
      };
      const collector: RawCollector = {
        push: (chunk) => {
          chunks.push(chunk);
          // A complete (or rejected) frame ends the exchange early; otherwise wait for the deadline.
          if (probe.push(chunk).length > 0) finish();
        },
      };
      // Silence is an answer here (the console shows "no reply"), so the deadline resolves.
      const timer = setTimeout(finish, options.timeoutMs);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.decoder.reset();
      this.raw = collector;
      log('→ raw %d bytes', bytes.length);
      this.transport.write(bytes).catch((e: unknown) => {
        clearTimeout(timer);
        if (this.raw === collector) this.raw = null;
        reject(e);
      });
    });
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.fail(new KioskError('cancelled', 'reader closed', false));
  }

  private exchange(what: string, command: CommandCode, signal: AbortSignal): Promise<SamResponse> {
    return new Promise<SamResponse>((resolve, reject) => {
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        if (this.pending === entry) this.pending = null;
      };
      const entry: Pending = {
        what,
        command,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      };
      const onAbort = () => entry.reject(signal.reason);
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      if (this.decoder.buffered > 0) log('dropping %d stale bytes before %s', this.decoder.buffered, what);
      this.decoder.reset();
      this.pending = entry;
      log('→ %s', what);
      this.transport.write(encodeCommand(command)).catch((e: unknown) => entry.reject(e));
    });
  }

  private onBytes(chunk: Uint8Array): void {
    if (this.raw) return this.raw.push(chunk);
    for (const ev of this.decoder.push(chunk)) {
      const p = this.pending;
      if (ev.type === 'error') {
        log('frame error %s (len %d)', ev.error.kind, ev.error.length);
        // A corrupt answer fails the request now instead of at its timeout; callers retry.
        p?.reject(new KioskError('protocol-error', `${p.what}: response with ${ev.error.kind}`, true));
        continue;
      }
      if (ev.skipped > 0) log('skipped %d stray bytes', ev.skipped);
      if (!p) {
        log('unsolicited frame of %d bytes ignored', ev.frame.body.length);
        continue;
      }
      const r = parseResponse(ev.frame.body);
      if (!r.ok) {
        p.reject(new KioskError('protocol-error', `${p.what}: ${r.reason}`, true));
        continue;
      }
      if (!answersCommand(p.command.cmd, p.command.para, r.value)) {
        // A late answer to a request that timed out (a slow link under load): not ours, keep waiting.
        log('stale answer (SW3 %s, %d data bytes) ignored while waiting for %s', hex(r.value.status.code), r.value.data.length, p.what);
        continue;
      }
      log('← %s: SW3 %s (%d data bytes)', p.what, hex(r.value.status.code), r.value.data.length);
      p.resolve(r.value);
    }
  }

  private fail(e: KioskError): void {
    this.pending?.reject(e);
  }
}
