import { Socket, connect } from 'node:net';
import createDebug from 'debug';
import { VirtualCard } from './virtual-card.js';
import { VPCD_CTRL, VpcdFrameReader, encodeVpcdFrame } from './vpcd-frames.js';
import type { DemoSsCard } from './demo-sscards.js';

const debug = createDebug('kiosk:sscard:vpcd');

export interface VpcdCardOptions {
  host?: string;
  port: number;
  /** How long to keep trying to reach vpcd (pcscd loads the driver a moment after it starts). */
  connectTimeoutMs?: number;
}

/**
 * A virtual card in vpcd's slot: connecting is inserting it, closing the socket is pulling it
 * out. pcscd then sees the card arrive and leave exactly as with a real reader.
 */
export class VpcdCard {
  private socket: Socket | null = null;
  private card: VirtualCard | null = null;

  constructor(private readonly options: VpcdCardOptions) {}

  /** The card in the slot now (its APDU log included), or null. */
  get current(): VirtualCard | null {
    return this.card;
  }

  /**
   * Insert `card`. `pullAfterApdus`: the card is pulled out when it has answered that many
   * APDUs (a citizen taking the card back mid-read), for tests.
   */
  async insert(card: DemoSsCard, options: { pullAfterApdus?: number } = {}): Promise<VirtualCard> {
    await this.remove();
    const deadline = Date.now() + (this.options.connectTimeoutMs ?? 5000);
    for (;;) {
      try {
        this.socket = await this.connectOnce();
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`vpcd at ${this.options.host ?? '127.0.0.1'}:${this.options.port} is not listening (is pcscd running with vsmartcard-vpcd?)`, { cause: e });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const virtual = new VirtualCard(card);
    this.card = virtual;
    const frames = new VpcdFrameReader();
    const socket = this.socket;
    socket.on('data', (chunk: Buffer) => {
      for (const msg of frames.push(chunk)) {
        if (msg.length > 1 && options.pullAfterApdus !== undefined && virtual.log.length >= options.pullAfterApdus) {
          socket.destroy();
          return;
        }
        const answer = this.answer(virtual, msg);
        if (answer) socket.write(encodeVpcdFrame(answer));
      }
    });
    socket.on('error', (e) => debug('socket error: %s', e.message));
    socket.on('close', () => {
      if (this.socket === socket) {
        this.socket = null;
        this.card = null;
      }
    });
    return virtual;
  }

  private answer(card: VirtualCard, msg: Uint8Array): Uint8Array | null {
    if (msg.length === 1) {
      switch (msg[0]) {
        case VPCD_CTRL.atr:
          return card.atr;
        case VPCD_CTRL.on:
        case VPCD_CTRL.reset:
        case VPCD_CTRL.off:
          card.reset();
          return null;
        default:
          debug('unknown control %d', msg[0]);
          return null;
      }
    }
    return card.process(msg);
  }

  private connectOnce(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: this.options.host ?? '127.0.0.1', port: this.options.port });
      s.setNoDelay(true);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
  }

  /** Pull the card out (close the socket); resolves once the socket is closed. */
  async remove(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    this.card = null;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }
}
