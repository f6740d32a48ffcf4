import { KioskError } from '../../../contracts/errors.js';
import type { CardLink, ReaderInfo } from '../transport/pcsc.js';
import type { SmartCardStack } from '../transport/stack.js';
import type { DemoSsCard } from './demo-sscards.js';
import { VirtualCard } from './virtual-card.js';

/**
 * One simulated reader inside the host, for a machine without pcscd: the same virtual card as
 * behind vpcd, plugged in at the APDU transport. Insert, remove and unplug are the developer
 * panel's; the reader service above cannot tell it from PC/SC except by `transport`.
 */
export class MemoryStack implements SmartCardStack {
  readonly transport = 'memory' as const;
  private card: VirtualCard | null = null;
  /** Bumped on every insert/remove: a link to a card that has left fails like PC/SC's. */
  private generation = 0;
  private plugged = true;
  private waiters: (() => void)[] = [];

  constructor(readonly readerName = 'Simulated PC/SC Reader 00 00') {}

  get current(): VirtualCard | null {
    return this.card;
  }

  insert(card: DemoSsCard): VirtualCard {
    this.card = new VirtualCard(card);
    this.generation++;
    this.wake();
    return this.card;
  }

  remove(): void {
    this.card = null;
    this.generation++;
    this.wake();
  }

  /** Unplug (false) or plug back (true) the reader itself. */
  setPlugged(plugged: boolean): void {
    this.plugged = plugged;
    if (!plugged) this.card = null;
    this.generation++;
    this.wake();
  }

  readers(): ReaderInfo[] {
    if (!this.plugged) return [];
    return [{ name: this.readerName, present: this.card !== null, mute: false, atr: this.card ? this.card.atr : null }];
  }

  waitForChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }

  cancel(): void {
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  async connect(reader: string, _timeoutMs: number): Promise<CardLink> {
    if (!this.plugged || reader !== this.readerName) throw new KioskError('device-offline', `no reader "${reader}"`, true);
    const card = this.card;
    if (!card) throw new KioskError('card-removed', `no card in "${reader}"`, true);
    card.reset();
    const gen = this.generation;
    return {
      reader,
      atr: card.atr,
      protocol: 'T=0',
      transmit: async (command) => {
        // An await per APDU, as over a socket: the host's event loop is never held by a read.
        await new Promise((r) => setImmediate(r));
        if (this.generation !== gen || this.card !== card) throw new KioskError('card-removed', 'the card was removed', true);
        return card.process(command);
      },
      close: () => {},
    };
  }

  close(): void {
    this.wake();
  }
}
