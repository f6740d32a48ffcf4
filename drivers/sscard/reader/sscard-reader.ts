import createDebug from 'debug';
import type { HealthLevel, HealthResult } from '../../../contracts/devices.js';
import { KioskError, isKioskErrorLike } from '../../../contracts/errors.js';
import type { SsCardRead } from '../../../contracts/sscard.js';
import { DeviceServiceBase, type DeviceService, type RequestOptions } from '../../core/device.js';
import { Emitter, type Disposable, type Listener } from '../../../common/events.js';
import { withTimeout } from '../../core/request.js';
import type { CardLink, ReaderInfo } from '../transport/pcsc.js';
import type { SmartCardStack } from '../transport/stack.js';
import type { PsamSlot } from '../psam/psam-slot.js';
import { readLink } from './read-link.js';

const debug = createDebug('kiosk:sscard');

export interface SsCardReaderService extends DeviceService {
  readonly kind: 'sscard-reader';
  /**
   * Wait for a card placement not yet read and read it once (any card: the result says what it
   * is). A card already in the reader is read at once unless it was read before or released.
   */
  readCard(options: RequestOptions): Promise<SsCardRead>;
  /** The session is over: the card in the reader is not read again until it has been taken out. */
  releaseCard(): void;
  /**
   * Diagnostics' raw console: one APDU to the card as it is, the answer as it is (SW1 SW2 last).
   * The connection stays open between sends, so a SELECT holds for the READ RECORD after it; the
   * caller decides which commands may go.
   */
  transmitRaw(apdu: Uint8Array, options: RequestOptions): Promise<Uint8Array>;
  onDidInsertCard(listener: Listener<{ reader: string }>): Disposable;
  onDidRemoveCard(listener: Listener<{ reader: string }>): Disposable;
  /** The reader in use and whether a card is in it, for diagnostics. */
  snapshot(): { reader: string | null; cardPresent: boolean; atr: string | null; transport: string };
}

export interface SsCardReaderOptions {
  /**
   * Opens the stack. Called twice: one context watches the readers while the other talks to
   * cards, because a PC/SC context blocked in SCardGetStatusChange would hold up an APDU.
   */
  openStack: () => SmartCardStack;
  transport: 'pcsc' | 'memory';
  simulated?: boolean;
  /** Use this reader (PC/SC name); default: the first reader there is. */
  readerName?: string;
  apduTimeoutMs?: number;
  /** The PSAM for fields the card gives only after external authentication; null: none. */
  psam?: PsamSlot | null;
  /** Retry interval while pcscd or the reader is absent. */
  retryMs?: number;
}

/**
 * The social security card reader as a device: watches the PC/SC readers (hot-plug within a
 * second, card insert/remove as events), reads a card placement once, and recovers on its own
 * from pcscd restarting, the reader being unplugged and the card leaving mid-read.
 */
export class SsCardReader extends DeviceServiceBase implements SsCardReaderService {
  readonly kind = 'sscard-reader' as const;
  private readonly insertEmitter = new Emitter<{ reader: string }>();
  private readonly removeEmitter = new Emitter<{ reader: string }>();
  private readonly changeEmitter = new Emitter<void>();
  readonly onDidInsertCard = this.insertEmitter.event;
  readonly onDidRemoveCard = this.removeEmitter.event;
  private monitor: SmartCardStack | null = null;
  private io: SmartCardStack | null = null;
  private disposed = false;
  private loop: Promise<void> | null = null;
  private reader: ReaderInfo | null = null;
  /** Counts card arrivals; a placement is read once. */
  private placement = 0;
  private consumed = -1;
  private reading = false;
  /** The raw console's connection and the placement it belongs to. */
  private consoleLink: { link: CardLink; placement: number } | null = null;

  constructor(private readonly opts: SsCardReaderOptions) {
    super('sscard-reader', 'sscard-reader', { transport: opts.transport, simulated: opts.simulated ?? false });
  }

  async open(): Promise<void> {
    this.loop ??= this.watch();
    // Let the first look at the readers happen before callers ask for the status.
    await new Promise((r) => setTimeout(r, 0));
    this.refresh();
  }

  snapshot() {
    const r = this.reader;
    return {
      reader: r?.name ?? null,
      cardPresent: r?.present ?? false,
      atr: r?.atr ? Buffer.from(r.atr).toString('hex').toUpperCase() : null,
      transport: this.opts.transport,
    };
  }

  private ensureStacks(): SmartCardStack {
    if (!this.monitor) this.monitor = this.opts.openStack();
    if (!this.io) this.io = this.opts.openStack();
    return this.monitor;
  }

  private dropStacks(): void {
    for (const s of [this.monitor, this.io]) s?.close();
    this.monitor = null;
    this.io = null;
  }

  private async watch(): Promise<void> {
    const retryMs = this.opts.retryMs ?? 2000;
    while (!this.disposed) {
      try {
        const stack = this.ensureStacks();
        this.refresh();
        await stack.waitForChange(1000);
      } catch (e) {
        const err = isKioskErrorLike(e) ? e : new KioskError('device-error', String(e), true);
        debug('watch: %s', err.message);
        this.dropStacks();
        this.setReader(null);
        this.setState('offline', err.code === 'pcsc-unavailable' ? 'pcsc-unavailable' : 'no-reader');
        if (this.status().lastError?.message !== err.message) this.recordError(err.code, err.message, err.code === 'pcsc-unavailable' ? 'configuration' : 'reconnect');
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
  }

  /** Look at the readers now: state, arrivals and removals. */
  private refresh(): void {
    if (!this.monitor || this.disposed) return;
    const all = this.monitor.readers();
    const chosen = this.opts.readerName ? all.find((r) => r.name === this.opts.readerName) : all[0];
    this.setReader(chosen ?? null);
  }

  private setReader(next: ReaderInfo | null): void {
    const prev = this.reader;
    this.reader = next;
    // Another ATR in the same reader is another card, even if the service never saw the slot empty.
    const swapped = prev?.present && next?.present && next.name === prev.name && hexOf(prev.atr) !== hexOf(next.atr);
    if (prev?.present && (!next?.present || next.name !== prev.name || swapped)) this.removeEmitter.fire({ reader: prev.name });
    if (next?.present && (!prev?.present || next.name !== prev.name || swapped)) {
      this.placement++;
      this.insertEmitter.fire({ reader: next.name });
    }
    if (!this.reading) {
      if (!next) this.setState('offline', this.monitor ? 'no-reader' : (this.status().detail ?? 'no-reader'));
      else if (next.present && this.consumed === this.placement) this.setState('ready', 'remove-card', true);
      else this.setState('ready', next.present ? 'card-present' : null);
    }
    this.changeEmitter.fire();
  }

  async readCard(options: RequestOptions): Promise<SsCardRead> {
    if (this.disposed) throw new KioskError('device-offline', 'the social security card reader is closed', false);
    if (this.reading) throw new KioskError('busy', 'the social security card reader is already reading', true);
    return withTimeout('read the social security card', options, async (signal) => {
      let retried = false;
      for (;;) {
        if (signal.aborted) throw signal.reason;
        if (this.disposed) throw new KioskError('device-offline', 'the social security card reader was closed', false);
        const r = this.reader;
        if (r?.present && this.consumed !== this.placement && this.io) {
          try {
            return await this.readNow(r.name);
          } catch (e) {
            // Right after an insert pcscd may still be powering the card: one more try shortly.
            if (!(isKioskErrorLike(e) && e.code === 'card-removed') || retried) throw e;
            retried = true;
            await new Promise((res) => setTimeout(res, 300));
            this.refresh();
            // Truly gone: say so. Still there: that was the card settling, read it again.
            if (!this.reader?.present) throw e;
            this.consumed = -1;
            continue;
          }
        }
        await new Promise<void>((resolve) => {
          const sub = this.changeEmitter.event(() => {
            sub.dispose();
            signal.removeEventListener('abort', onAbort);
            resolve();
          });
          const onAbort = () => {
            sub.dispose();
            resolve();
          };
          signal.addEventListener('abort', onAbort, { once: true });
        });
      }
    });
  }

  async transmitRaw(apdu: Uint8Array, options: RequestOptions): Promise<Uint8Array> {
    if (this.disposed) throw new KioskError('device-offline', 'the social security card reader is closed', false);
    if (this.reading) throw new KioskError('busy', 'the social security card reader is reading a card', true);
    this.refresh();
    const r = this.reader;
    if (!r || !this.io) throw new KioskError('device-offline', 'no smart-card reader is connected', true);
    if (!r.present) throw new KioskError('card-removed', `no card in ${r.name}`, true);
    const timeoutMs = options.timeoutMs ?? 3000;
    if (this.consoleLink?.placement !== this.placement) {
      this.closeConsole();
      this.consoleLink = { link: await this.io.connect(r.name, timeoutMs), placement: this.placement };
    }
    try {
      return await this.consoleLink.link.transmit(apdu, timeoutMs);
    } catch (e) {
      this.closeConsole(true);
      throw e;
    }
  }

  private closeConsole(reset = false): void {
    this.consoleLink?.link.close(reset);
    this.consoleLink = null;
  }

  private async readNow(reader: string): Promise<SsCardRead> {
    // A read starts from a fresh connection: whatever the console selected does not matter.
    this.closeConsole();
    const placement = this.placement;
    const apduTimeoutMs = this.opts.apduTimeoutMs ?? 3000;
    this.reading = true;
    this.setState('busy', 'reading');
    let link;
    try {
      link = await this.io!.connect(reader, apduTimeoutMs);
      const read = await readLink(link, apduTimeoutMs, this.opts.psam ?? null);
      this.consumed = placement;
      link.close();
      return read;
    } catch (e) {
      link?.close(true);
      const err = isKioskErrorLike(e) ? e : new KioskError('device-error', String(e), true);
      // The placement is spent either way unless the card left: a card that cannot be read is not retried in a loop.
      if (err.code !== 'card-removed' && err.code !== 'device-offline') this.consumed = placement;
      this.recordError(err.code, err.message, 'none');
      throw e;
    } finally {
      this.reading = false;
      this.refresh();
    }
  }

  releaseCard(): void {
    if (this.reader?.present) this.consumed = this.placement;
    this.refresh();
  }

  async checkHealth(level: HealthLevel): Promise<HealthResult> {
    this.refresh();
    const s = this.status();
    if (s.state === 'offline') {
      const msg = s.detail === 'pcsc-unavailable' ? 'the PC/SC service (pcscd) or its binding is not available' : 'no smart-card reader is connected';
      return this.healthResult(level, false, s.detail === 'pcsc-unavailable' ? 'configuration' : 'reconnect', msg);
    }
    const r = this.snapshot();
    return this.healthResult(level, true, 'none', `${r.reader}: ${r.cardPresent ? `card present (ATR ${r.atr})` : 'no card'}`);
  }

  override async dispose(): Promise<void> {
    this.disposed = true;
    this.closeConsole();
    for (const s of [this.monitor, this.io]) s?.cancel();
    // The watch loop wakes within its 1 s wait anyway; never let a wedged PC/SC call hold shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((r) => (timer = setTimeout(r, 1500)))]);
    clearTimeout(timer);
    this.dropStacks();
    // A read still waiting for a card ends now instead of at its timeout.
    this.changeEmitter.fire();
    this.insertEmitter.clear();
    this.removeEmitter.clear();
    this.changeEmitter.clear();
    await super.dispose();
  }
}

function hexOf(b: Uint8Array | null): string {
  return b ? Buffer.from(b).toString('hex') : '';
}
