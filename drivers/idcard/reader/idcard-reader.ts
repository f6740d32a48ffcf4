import createDebug from 'debug';
import type { HealthLevel, HealthResult, IdCard } from '../../../contracts/devices.js';
import { KioskError, isCancellation, toErrorData } from '../../../contracts/errors.js';
import type { IdCardReaderService, RequestOptions } from '../../core/device.js';
import { DeviceServiceBase } from '../../core/device.js';
import { Emitter, type Disposable } from '../../../common/events.js';
import { delay, withTimeout } from '../../core/request.js';
import { cardFromBlocks } from '../codec/card.js';
import { SamCommand, type CommandCode } from '../codec/commands.js';
import { parseReadTextPhoto, parseSamId, type SamResponse } from '../codec/responses.js';
import { hex, SamStatusCode } from '../codec/status.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import { SamClient } from './sam-client.js';
import { cardHash, isRetryableRead, statusError } from './read-errors.js';

const log = createDebug('kiosk:idcard');

/** Options of {@link IdCardReader}. Times in ms. */
export interface IdCardReaderOptions {
  /** Device id in status and health results. Default `idcard-reader`. */
  id?: string;
  /** Transport label for status (`serial`, `hid`, `sim`). */
  transport: string;
  simulated?: boolean;
  /** Makes a fresh transport for each (re)open attempt (serial: prefers the by-id name). */
  createTransport: () => Promise<ByteTransport>;
  /** Find-card polling interval while a read is pending. Default 300. */
  pollIntervalMs?: number;
  /** Timeout of each command. Default 3000. Read (30 01) gets at least 2000 (reference §6.5). */
  requestTimeoutMs?: number;
  /** First reopen delay after the reader is lost; doubles up to {@link reconnectMaxMs}. Default 250. */
  reconnectInitialMs?: number;
  /** Default 5000. */
  reconnectMaxMs?: number;
}

interface Waiter {
  resolve(card: IdCard): void;
  reject(e: unknown): void;
}

/**
 * The ID-card reader device service (transport → SAM codec → this). It polls find card (20 01)
 * only while a `readCard` is pending, reads once per placement (20 01 → 20 02 → 30 01), retries
 * a read that fails mid-way (41: card moved) once, and reopens a lost reader with back-off.
 */
export class IdCardReader extends DeviceServiceBase implements IdCardReaderService {
  readonly kind = 'idcard-reader' as const;
  private readonly inserted = new Emitter<IdCard>();
  private readonly removed = new Emitter<void>();
  private readonly waiters = new Set<Waiter>();
  private readonly lifetime = new AbortController();
  private readonly pollIntervalMs: number;
  private readonly requestTimeoutMs: number;
  private transport: ByteTransport | null = null;
  private client: SamClient | null = null;
  private closeSub: Disposable | null = null;
  private polling = false;
  private reconnecting = false;
  /** A card was read and no find has said "no card" since. */
  private present = false;
  /** Which card was read last (a hash of its number, never the number itself). */
  private lastCard: string | null = null;
  /**
   * Set by releaseCard: the card of a session that has ended. That card is not handed out again
   * until the reader has seen the field empty; any other card placed in the meantime is read.
   */
  private spentCard: string | null = null;
  /** The card in the field has been read once and is the spent one: only find is polled now. */
  private spentConfirmed = false;
  private disposed = false;

  constructor(private readonly options: IdCardReaderOptions) {
    super(options.id ?? 'idcard-reader', 'idcard-reader', { transport: options.transport, simulated: options.simulated ?? false });
    this.pollIntervalMs = options.pollIntervalMs ?? 300;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 3000;
  }

  readonly onDidInsertCard = this.inserted.event;
  readonly onDidRemoveCard = this.removed.event;

  async open(): Promise<void> {
    if (this.disposed) throw new KioskError('device-offline', 'reader disposed', false);
    if (this.client) return;
    try {
      await this.connect();
    } catch (e) {
      const err = toErrorData(e);
      log('open failed: %s', err.message);
      this.setState('offline', 'port-closed');
      this.recordError(err.code, err.message, 'reconnect');
      this.reconnect();
    }
  }

  readCard(options: RequestOptions): Promise<IdCard> {
    if (this.disposed) return Promise.reject(new KioskError('device-offline', 'reader disposed', false));
    if (!this.client && !this.reconnecting) {
      return Promise.reject(new KioskError('device-offline', 'ID-card reader is not open', true));
    }
    return withTimeout('read card', options, (signal) => new Promise<IdCard>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (c) => (this.waiters.delete(waiter), resolve(c)),
        reject: (e) => (this.waiters.delete(waiter), reject(e)),
      };
      signal.addEventListener('abort', () => waiter.reject(signal.reason), { once: true });
      this.waiters.add(waiter);
      this.poll();
    }));
  }

  releaseCard(): void {
    if (!this.present || !this.lastCard) return;
    // The next find that sees a card reads it once to tell this card from one placed in its stead.
    this.spentCard = this.lastCard;
    this.spentConfirmed = false;
    log('placement released: this card is not handed out again until the reader has seen the field empty');
  }

  async checkHealth(level: HealthLevel): Promise<HealthResult> {
    const client = this.client;
    if (!client) return this.healthResult(level, false, 'reconnect', 'reader is offline');
    try {
      // internal: SAM status check (11 FF) — the module's self-test, no card needed.
      const st = await this.request(SamCommand.samStatus);
      if (st.status.code !== SamStatusCode.ok) {
        this.noteSamStatus(st);
        return this.healthResult(level, false, 'maintenance', `SAM status: ${st.status.message}`);
      }
      if (level === 'external') {
        // external: SAM id (12 FF) and one RF round trip (find card 20 01; "no card" is healthy).
        const idr = await this.request(SamCommand.samId);
        const id = idr.status.code === SamStatusCode.ok ? parseSamId(idr.data) : null;
        if (id?.ok) this.setModel(`SAM ${id.value.text}`);
        const find = await this.request(SamCommand.findCard);
        if (find.status.code !== SamStatusCode.cardFound && find.status.code !== SamStatusCode.noCard) {
          return this.healthResult(level, false, 'reset', `find card: ${find.status.message}`);
        }
      }
      if (this.status().state === 'error') this.setState('ready', null);
      return this.healthResult(level, true, 'none', 'ok');
    } catch (e) {
      const err = toErrorData(e);
      return this.healthResult(level, false, err.code === 'device-offline' ? 'reconnect' : 'reset', err.message);
    }
  }

  /**
   * Diagnostics raw console: send bytes exactly as given and return the reader's reply (a whole
   * frame, or whatever arrived within `timeoutMs`), in turn with polling. Not for citizen flows.
   */
  directIO(bytes: Uint8Array, options: RequestOptions): Promise<Uint8Array> {
    const client = this.client;
    if (!client) return Promise.reject(new KioskError('device-offline', 'ID-card reader is offline', true));
    const signal = options.signal ? AbortSignal.any([options.signal, this.lifetime.signal]) : this.lifetime.signal;
    return client.rawExchange(bytes, { timeoutMs: options.timeoutMs, signal });
  }

  override async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort(new KioskError('cancelled', 'reader disposed', false));
    for (const w of [...this.waiters]) w.reject(new KioskError('cancelled', 'reader disposed', false));
    await this.disconnect();
    this.inserted.clear();
    this.removed.clear();
    await super.dispose();
  }

  // --- connection -----------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const transport = await this.options.createTransport();
    await transport.open();
    if (this.disposed) {
      await transport.close();
      return;
    }
    this.transport = transport;
    this.client = new SamClient(transport);
    this.closeSub = transport.onDidClose((info) => {
      if (!info.expected) this.lost(info.error);
    });
    log('open %s', transport.description);
    this.setState('ready', null);
    if (this.waiters.size > 0) this.poll();
  }

  private async disconnect(): Promise<void> {
    this.closeSub?.dispose();
    this.closeSub = null;
    this.client?.dispose();
    this.client = null;
    const t = this.transport;
    this.transport = null;
    if (t) await t.close();
  }

  private lost(error: Error | null): void {
    if (this.disposed) return;
    const message = `reader lost: ${error?.message ?? 'port closed'}`;
    log(message);
    this.disconnect().catch((e: unknown) => log('close after loss: %s', toErrorData(e).message));
    this.present = false;
    this.setState('offline', 'port-closed');
    this.recordError('device-offline', message, 'reconnect');
    this.reconnect();
  }

  /** Reopen with exponential back-off until it works or the service is disposed. */
  private reconnect(): void {
    if (this.reconnecting || this.disposed) return;
    this.reconnecting = true;
    const initial = this.options.reconnectInitialMs ?? 250;
    const max = this.options.reconnectMaxMs ?? 5000;
    (async () => {
      for (let attempt = 0; !this.disposed; attempt++) {
        await delay(Math.min(max, initial * 2 ** attempt), this.lifetime.signal);
        this.setState('offline', 'reconnecting');
        try {
          await this.connect();
          return;
        } catch (e) {
          log('reopen attempt %d failed: %s', attempt + 1, toErrorData(e).message);
          this.setState('offline', 'port-closed');
        }
      }
    })()
      .catch((e: unknown) => {
        if (!isCancellation(e)) log('reconnect loop ended: %s', toErrorData(e).message);
      })
      .finally(() => {
        this.reconnecting = false;
      });
  }

  // --- polling ---------------------------------------------------------------------------------

  private poll(): void {
    if (this.polling || !this.client || this.disposed) return;
    this.polling = true;
    this.pollLoop()
      .catch((e: unknown) => {
        if (!isCancellation(e)) log('poll loop ended: %s', toErrorData(e).message);
      })
      .finally(() => {
        this.polling = false;
        if (this.client && this.status().state === 'busy') this.setState('ready', this.spentConfirmed ? 'remove-card' : this.present ? 'card-present' : null, this.spentConfirmed);
        // A waiter that arrived while the loop was finishing, or a reconnect during it.
        if (this.waiters.size > 0 && this.client) this.poll();
      });
  }

  private async pollLoop(): Promise<void> {
    let failures = 0;
    while (this.waiters.size > 0 && this.client && !this.disposed) {
      try {
        await this.pollOnce();
        failures = 0;
      } catch (e) {
        if (isCancellation(e) || !this.client) return;
        const err = toErrorData(e);
        failures++;
        log('poll failed (%d in a row): %s', failures, err.message);
        this.recordError(err.code, err.message, 'reset');
        // A reader that stops answering is reported; pending reads end at their own timeout.
        if (failures >= 3) this.setState('error', 'no-response');
      }
      if (this.waiters.size > 0) await delay(this.pollIntervalMs, this.lifetime.signal);
    }
  }

  private async pollOnce(): Promise<void> {
    if (this.status().state !== 'error') this.setState('busy', this.spentConfirmed ? 'remove-card' : 'waiting-for-card', this.spentConfirmed);
    const find = await this.request(SamCommand.findCard);
    if (find.status.code === SamStatusCode.cardFound) {
      if (this.spentConfirmed) {
        // The previous citizen's card (or this citizen's, never lifted): ask for it to be taken away.
        this.setState('busy', 'remove-card', true);
        return;
      }
      if (this.status().state === 'error') this.setState('busy', 'waiting-for-card');
      await this.readPlacedCard();
      return;
    }
    if (find.status.kind === 'no-card') {
      if (this.status().state === 'error' || this.spentConfirmed) this.setState('busy', 'waiting-for-card');
      // The field is empty: whatever is placed next is a new placement, read in full.
      this.spentCard = null;
      this.spentConfirmed = false;
      if (this.present) {
        this.present = false;
        log('card removed');
        this.removed.fire();
      }
      return;
    }
    this.noteSamStatus(find);
    if (find.status.kind === 'sam') {
      this.rejectAll(new KioskError('device-error', `ID-card reader: ${find.status.message}`, false));
      return;
    }
    throw new KioskError('device-error', `find card: ${find.status.message} (SW3 ${hex(find.status.code)})`, true);
  }

  /** find already said 9F: select → read, and once more from find if that fails mid-way. */
  private async readPlacedCard(): Promise<void> {
    this.setState('busy', 'reading');
    let card: IdCard;
    try {
      card = await this.selectAndRead();
    } catch (first) {
      if (!isRetryableRead(first)) return this.readFailed(first);
      log('read failed (%s); retrying once', toErrorData(first).message);
      try {
        const find = await this.request(SamCommand.findCard);
        if (find.status.code !== SamStatusCode.cardFound) {
          throw new KioskError('device-error', 'card removed during read', true);
        }
        card = await this.selectAndRead();
      } catch (second) {
        return this.readFailed(second);
      }
    }
    this.present = true;
    const which = cardHash(card);
    if (this.spentCard === which) {
      // Not lifted since its session ended (or lifted and put back between two polls: the same).
      this.spentConfirmed = true;
      log('the card of an ended session is still on the reader: asking for it to be removed');
      this.setState('busy', 'remove-card', true);
      return;
    }
    this.spentCard = null;
    this.spentConfirmed = false;
    this.lastCard = which;
    log('card read (%s)', card.cardType);
    this.setState('busy', 'card-present');
    this.inserted.fire(card);
    for (const w of [...this.waiters]) w.resolve(card);
  }

  private async selectAndRead(): Promise<IdCard> {
    const sel = await this.request(SamCommand.selectCard);
    if (sel.status.code !== SamStatusCode.ok) throw statusError('select card', sel);
    const rd = await this.request(SamCommand.readTextPhoto, Math.max(this.requestTimeoutMs, 2000));
    if (rd.status.code !== SamStatusCode.ok) throw statusError('read card', rd);
    const blocks = parseReadTextPhoto(rd.data);
    if (!blocks.ok) throw new KioskError('protocol-error', `read card: ${blocks.reason}`, true);
    const card = cardFromBlocks(blocks.value);
    if (!card.ok) throw new KioskError('protocol-error', `read card: ${card.reason}`, false);
    return card.value.card;
  }

  private readFailed(e: unknown): void {
    if (isCancellation(e) || !this.client) throw e;
    const err = toErrorData(e);
    log('read failed: %s', err.message);
    this.recordError(err.code, err.message, 'none');
    this.rejectAll(new KioskError(err.code, err.message, err.retryable));
  }

  private rejectAll(e: KioskError): void {
    for (const w of [...this.waiters]) w.reject(e);
  }

  private noteSamStatus(r: SamResponse): void {
    if (r.status.kind !== 'sam') return;
    this.setState('error', r.status.code === SamStatusCode.samSelfTestFailed ? 'sam-self-test-failed' : 'sam-not-authorised');
    this.recordError('device-error', r.status.message, 'maintenance');
  }

  private request(command: CommandCode, timeoutMs = this.requestTimeoutMs): Promise<SamResponse> {
    const client = this.client;
    if (!client) return Promise.reject(new KioskError('device-offline', 'ID-card reader is offline', true));
    return client.request(command, { timeoutMs, signal: this.lifetime.signal });
  }
}
