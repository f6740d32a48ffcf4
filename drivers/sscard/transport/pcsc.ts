import { createRequire } from 'node:module';
import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import type { SmartCardStack } from './stack.js';

const debug = createDebug('kiosk:sscard:pcsc');

/**
 * The PC/SC stack (pcscd on Linux, WinSCard on Windows) through the `smartcard` N-API binding.
 * The binding is an optional dependency: it compiles against libpcsclite's headers, which a
 * machine with only Node and npm lacks, so it is loaded on first use and its absence is the
 * typed error `pcsc-unavailable`, not a failed install. Only this file touches the binding.
 */

interface NativeReaderState {
  name: string;
  state: number;
  changed: boolean;
  atr: Buffer | null;
}
interface NativeCard {
  readonly protocol: number;
  readonly atr: Buffer | null;
  transmit(command: Buffer): Promise<Buffer>;
  disconnect(disposition?: number): void;
}
interface NativeReader {
  readonly name: string;
  readonly state: number;
  readonly atr: Buffer | null;
  connect(shareMode?: number, protocol?: number): Promise<NativeCard>;
}
interface NativeContext {
  listReaders(): NativeReader[];
  waitForChange(readers?: NativeReaderState[] | NativeReader[], timeout?: number): Promise<NativeReaderState[] | null>;
  cancel(): void;
  close(): void;
}
interface Binding {
  Context: new () => NativeContext;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_MUTE: number;
}

let binding: Binding | null = null;

function load(): Binding {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)('smartcard') as Binding;
    return binding;
  } catch (e) {
    throw new KioskError(
      'pcsc-unavailable',
      'the PC/SC binding (npm "smartcard") is not installed or did not build: install libpcsclite-dev and pcscd, then npm install',
      false,
      { cause: e },
    );
  }
}

export interface ReaderInfo {
  name: string;
  /** A card is in the reader (powered or not). */
  present: boolean;
  /** The card does not answer reset (an inserted card the wrong way round, or a dead one). */
  mute: boolean;
  atr: Uint8Array | null;
}

/** A connected card: one APDU at a time, each with a timeout. */
export interface CardLink {
  readonly reader: string;
  readonly atr: Uint8Array;
  readonly protocol: 'T=0' | 'T=1' | 'other';
  transmit(command: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  /** Leave the card powered for the next reader of it, or reset it after a failed exchange. */
  close(reset?: boolean): void;
}

/** Map the binding's errors onto the kiosk's codes. The messages are pcsc-lite's own. */
export function pcscError(e: unknown, what: string): KioskError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/service not running|no service|cannot connect/i.test(msg)) return new KioskError('pcsc-unavailable', `${what}: the PC/SC service (pcscd) is not running`, true, { cause: e });
  if (/removed|no smart card present|reset/i.test(msg)) return new KioskError('card-removed', `${what}: the card was removed`, true, { cause: e });
  if (/unknown reader|reader.*unavailable|no readers|unavailable/i.test(msg)) return new KioskError('device-offline', `${what}: the reader is gone (${msg})`, true, { cause: e });
  if (/unresponsive|unpowered|mute/i.test(msg)) return new KioskError('card-unreadable', `${what}: the card does not answer (${msg})`, true, { cause: e });
  return new KioskError('device-error', `${what}: ${msg}`, true, { cause: e });
}

/** A PC/SC context: the readers the service knows, their changes, connections to cards. */
export class PcscContext implements SmartCardStack {
  readonly transport = 'pcsc' as const;
  private constructor(
    private readonly b: Binding,
    private readonly ctx: NativeContext,
  ) {}

  static open(): PcscContext {
    const b = load();
    try {
      return new PcscContext(b, new b.Context());
    } catch (e) {
      throw pcscError(e, 'PC/SC');
    }
  }

  readers(): ReaderInfo[] {
    let list: NativeReader[];
    try {
      list = this.ctx.listReaders();
    } catch (e) {
      if (/no readers/i.test(e instanceof Error ? e.message : '')) return [];
      throw pcscError(e, 'list readers');
    }
    return list.map((r) => this.info(r.name, r.state, r.atr));
  }

  private info(name: string, state: number, atr: Buffer | null): ReaderInfo {
    return {
      name,
      present: (state & this.b.SCARD_STATE_PRESENT) !== 0,
      mute: (state & this.b.SCARD_STATE_MUTE) !== 0,
      atr: atr && atr.length ? Uint8Array.from(atr) : null,
    };
  }

  /**
   * Wait until a reader or card changes (or `timeoutMs` passes): resolves with the readers then.
   * Reader hot-plug shows as a change of the reader list; pcscd's `\\?PnP?\Notification`
   * pseudo-reader is used by the binding for that.
   */
  async waitForChange(timeoutMs: number): Promise<void> {
    let list: NativeReader[] = [];
    try {
      list = this.ctx.listReaders();
    } catch (e) {
      if (!/no readers/i.test(e instanceof Error ? e.message : '')) throw pcscError(e, 'list readers');
    }
    try {
      await this.ctx.waitForChange(list, timeoutMs);
    } catch (e) {
      throw pcscError(e, 'wait for a card');
    }
  }

  /** Interrupt a pending {@link waitForChange} (closing down). */
  cancel(): void {
    try {
      this.ctx.cancel();
    } catch (e) {
      // Cancelling a context with nothing pending is not an error worth more than a trace.
      debug('cancel: %s', e instanceof Error ? e.message : e);
    }
  }

  async connect(reader: string, timeoutMs: number): Promise<CardLink> {
    const r = this.ctx.listReaders().find((x) => x.name === reader);
    if (!r) throw new KioskError('device-offline', `no reader "${reader}"`, true);
    const card = await withDeadline(r.connect(this.b.SCARD_SHARE_SHARED, this.b.SCARD_PROTOCOL_T0 | this.b.SCARD_PROTOCOL_T1), timeoutMs, `connect to the card in ${reader}`).catch((e: unknown) => {
      throw e instanceof KioskError && e.code === 'timeout' ? e : pcscError(e, `connect to the card in ${reader}`);
    });
    const b = this.b;
    const atr = Uint8Array.from(card.atr ?? r.atr ?? []);
    let closed = false;
    return {
      reader,
      atr,
      protocol: card.protocol === b.SCARD_PROTOCOL_T0 ? 'T=0' : card.protocol === b.SCARD_PROTOCOL_T1 ? 'T=1' : 'other',
      async transmit(command, ms) {
        if (closed) throw new KioskError('card-removed', 'the card connection is closed', true);
        try {
          return Uint8Array.from(await withDeadline(card.transmit(Buffer.from(command)), ms, 'APDU'));
        } catch (e) {
          throw e instanceof KioskError ? e : pcscError(e, 'APDU');
        }
      },
      close(reset = false) {
        if (closed) return;
        closed = true;
        try {
          card.disconnect(reset ? b.SCARD_RESET_CARD : b.SCARD_LEAVE_CARD);
        } catch (e) {
          // The card may already be gone: disconnecting from it then is moot.
          debug('disconnect: %s', e instanceof Error ? e.message : e);
        }
      },
    };
  }

  close(): void {
    try {
      this.ctx.close();
    } catch (e) {
      debug('close: %s', e instanceof Error ? e.message : e);
    }
  }
}

/** Every PC/SC call gets a deadline: a wedged reader must not wedge the kiosk. */
function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KioskError('timeout', `${what}: no answer within ${ms} ms`, true)), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}
