import createDebug from 'debug';
import type { Disposable } from '../../../common/events.js';
import { DEMO_CARDS, type DemoCard } from '../../sim/demo-cards.js';
import { encodeCardText } from '../codec/card-text.js';
import { commandName, parseCommandBody, type SamCommandName } from '../codec/commands.js';
import { FrameDecoder } from '../codec/frame.js';
import { encodeReadTextPhotoData, encodeReadTextPhotoFingerprintData, encodeResponse } from '../codec/responses.js';
import { SamStatusCode } from '../codec/status.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import { fakeWltBlock } from './fake-wlt.js';

const log = createDebug('kiosk:idcard:sim');

/** Behaviour of the simulated reader. Times in ms. */
export interface SamSimulatorOptions {
  /** Cards that can be placed (default: drivers/sim/demo-cards.ts). */
  cards?: readonly DemoCard[];
  /**
   * Pace writes to this line speed (10 bits per byte, 8N1). A pty moves bytes as fast as memory,
   * so without pacing a 1295-byte answer would arrive in microseconds instead of ~112 ms at
   * 115200. 0 disables pacing. Default 115200.
   */
  baudRate?: number;
  /** Processing delay before every answer. Default 0. */
  responseDelayMs?: number;
  /** Extra delay before a 30 01 / 30 10 / 30 03 answer (RF read time). Default 0. */
  readDelayMs?: number;
  /** Bytes sent before every answer (stray bytes the decoder must skip). Default none. */
  strayBytes?: Uint8Array;
  /** Write answers in chunks of at most this many bytes. Default 64. */
  chunkSize?: number;
  /** Extra pause between chunks. Default 0. */
  chunkGapMs?: number;
}

/** A one-shot fault: the next `count` answers to `command` get status `sw3`, or a bad checksum. */
export interface SimFault {
  command: SamCommandName | 'any';
  kind: { status: number } | 'bad-checksum' | 'remove-card' | 'silence';
  count: number;
}

/**
 * A SAM ID-card reader that speaks the real protocol over a byte transport (a pty pair from socat or
 * node-pty, or the in-memory pair). It enforces the find → select → read order, answers a corrupt command with
 * status 10, and can inject stray bytes, small chunks, delays, bad checksums and error statuses.
 */
export class SamSimulator {
  private readonly cards: readonly DemoCard[];
  private readonly decoder = new FrameDecoder();
  private transport: ByteTransport | null = null;
  private sub: Disposable | null = null;
  private card: DemoCard | null = null;
  private found = false;
  private selected = false;
  private faults: SimFault[] = [];
  private outQueue: Promise<void> = Promise.resolve();
  /** Commands received, oldest first (names), for tests and the bench. */
  readonly received: string[] = [];
  /** Bytes written and read on the wire, for the bench's wire-time figure. */
  readonly wire = { rx: 0, tx: 0 };
  samStatus: number = SamStatusCode.ok;
  /** performance.now() of the last find card (20 01) answered 9F, for the bench. */
  lastFoundAt = 0;
  options: Required<Omit<SamSimulatorOptions, 'cards'>>;

  constructor(options: SamSimulatorOptions = {}) {
    this.cards = options.cards ?? DEMO_CARDS;
    this.options = {
      baudRate: options.baudRate ?? 115200,
      responseDelayMs: options.responseDelayMs ?? 0,
      readDelayMs: options.readDelayMs ?? 0,
      strayBytes: options.strayBytes ?? new Uint8Array(0),
      chunkSize: options.chunkSize ?? 64,
      chunkGapMs: options.chunkGapMs ?? 0,
    };
  }

  /** Serve on this (opened) transport; replaces a previous one (replug). */
  attach(transport: ByteTransport): void {
    this.sub?.dispose();
    this.transport = transport;
    this.decoder.reset();
    this.sub = transport.onDidReceive((chunk) => this.onBytes(chunk));
  }

  detach(): void {
    this.sub?.dispose();
    this.sub = null;
    this.transport = null;
  }

  listCards(): { key: string; label: string }[] {
    return this.cards.map((c) => ({ key: c.key, label: c.label }));
  }

  /** Put a card on the reader (replacing any); throws on an unknown key. */
  placeCard(key: string): void {
    const card = this.cards.find((c) => c.key === key);
    if (!card) throw new RangeError(`no simulated card "${key}"`);
    this.card = card;
    this.found = false;
    this.selected = false;
    log('card placed: %s', key);
  }

  removeCard(): void {
    this.card = null;
    this.found = false;
    this.selected = false;
    log('card removed');
  }

  currentCard(): string | null {
    return this.card?.key ?? null;
  }

  /** Queue a one-shot fault (e.g. `{command:'readTextPhoto', kind:{status:0x41}, count:1}`). */
  addFault(fault: SimFault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(name: SamCommandName | null): SimFault['kind'] | null {
    const f = this.faults.find((x) => x.count > 0 && (x.command === 'any' || x.command === name));
    if (!f) return null;
    f.count--;
    this.faults = this.faults.filter((x) => x.count > 0);
    return f.kind;
  }

  private onBytes(chunk: Uint8Array): void {
    this.wire.rx += chunk.length;
    for (const ev of this.decoder.push(chunk)) {
      if (ev.type === 'error') {
        // What a reader does with a damaged command frame (reference §1.3: 10 / 11).
        this.send(encodeResponse(ev.error.kind === 'bad-checksum' ? SamStatusCode.badChecksum : SamStatusCode.badLength), false);
        continue;
      }
      const c = parseCommandBody(ev.frame.body);
      if (!c) {
        this.send(encodeResponse(SamStatusCode.badLength), false);
        continue;
      }
      const name = commandName(c.cmd, c.para);
      this.received.push(name ?? 'unknown');
      this.answer(name);
    }
  }

  private answer(name: SamCommandName | null): void {
    const fault = this.takeFault(name);
    const isRead = name === 'readTextPhoto' || name === 'readTextPhotoFingerprint' || name === 'readExtraAddress';
    if (fault === 'silence') return;
    if (fault === 'remove-card') this.removeCard();
    let frame = fault && typeof fault === 'object' ? encodeResponse(fault.status) : this.respond(name);
    if (fault && typeof fault === 'object' && isRead) this.selected = false;
    if (fault === 'bad-checksum') {
      frame = new Uint8Array(frame);
      frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x5a;
    }
    this.send(frame, isRead);
  }

  private respond(name: SamCommandName | null): Uint8Array {
    const S = SamStatusCode;
    if (this.samStatus !== S.ok && name !== 'reset') return encodeResponse(this.samStatus);
    switch (name) {
      case 'reset':
        this.samStatus = S.ok;
        this.found = this.selected = false;
        return encodeResponse(S.ok);
      case 'samStatus':
        return encodeResponse(S.ok);
      case 'samId':
        // 05.01-20160301-000012345-000067890 style id; little-endian numbers (reference §2.3).
        return encodeResponse(S.ok, samIdBytes());
      case 'findCard':
        if (!this.card) return encodeResponse(S.noCard);
        this.found = true;
        this.selected = false;
        this.lastFoundAt = performance.now();
        return encodeResponse(S.cardFound, new Uint8Array(4));
      case 'selectCard':
        if (!this.card || !this.found) return encodeResponse(S.selectFailed);
        this.selected = true;
        return encodeResponse(S.ok, new Uint8Array(8));
      case 'readTextPhoto':
      case 'readTextPhotoFingerprint': {
        if (!this.card || !this.selected) return encodeResponse(S.readFailed);
        const text = encodeCardText(this.card.card);
        const photo = fakeWltBlock(this.card.key);
        return encodeResponse(S.ok, name === 'readTextPhoto' ? encodeReadTextPhotoData(text, photo) : encodeReadTextPhotoFingerprintData(text, photo, new Uint8Array(0)));
      }
      case 'readExtraAddress':
        if (!this.card || !this.selected) return encodeResponse(S.readFailed);
        // The demo cards carry no endorsed new address: "no content" (91).
        return encodeResponse(S.noContent);
      default:
        return encodeResponse(S.badCommand);
    }
  }

  /** Queue a frame for the wire: stray bytes, delays, chunking and baud-rate pacing. */
  private send(frame: Uint8Array, isRead: boolean): void {
    const o = this.options;
    const bytes = new Uint8Array(o.strayBytes.length + frame.length);
    bytes.set(o.strayBytes, 0);
    bytes.set(frame, o.strayBytes.length);
    const transport = this.transport;
    this.outQueue = this.outQueue.then(async () => {
      const wait = o.responseDelayMs + (isRead ? o.readDelayMs : 0);
      if (wait > 0) await sleep(wait);
      const start = performance.now();
      const size = Math.max(1, o.chunkSize);
      for (let off = 0; off < bytes.length; off += size) {
        if (!transport?.isOpen || transport !== this.transport) return;
        const chunk = bytes.subarray(off, off + size);
        await transport.write(chunk);
        this.wire.tx += chunk.length;
        // Pace to the line speed: the end of this chunk is due at start + bytes × 10 bits / baud.
        const due = o.baudRate > 0 ? start + ((off + chunk.length) * 10 * 1000) / o.baudRate : 0;
        const gap = Math.max(0, due - performance.now()) + o.chunkGapMs;
        if (gap >= 1) await sleep(gap);
      }
    }).catch((e: unknown) => log('write failed: %s', e instanceof Error ? e.message : String(e)));
  }

  /** Resolves when everything queued so far has been written. */
  flushed(): Promise<void> {
    return this.outQueue;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function samIdBytes(): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  b[0] = 5;
  b[2] = 1;
  v.setUint32(4, 20160301, true);
  v.setUint32(8, 12345, true);
  v.setUint32(12, 67890, true);
  return b;
}
