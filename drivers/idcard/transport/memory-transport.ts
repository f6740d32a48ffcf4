import { KioskError } from '../../../contracts/errors.js';
import { Emitter } from '../../../common/events.js';
import type { ByteTransport, CloseInfo } from './byte-transport.js';

/**
 * One end of an in-memory duplex pair: bytes written on one end arrive (asynchronously, on a later
 * tick, like a real port) at the other. The simulator's fallback where no pseudo-terminal pair can be
 * made (Windows).
 */
export class MemoryTransport implements ByteTransport {
  peer: MemoryTransport | null = null;
  private opened = false;
  private readonly received = new Emitter<Uint8Array>();
  private readonly closed = new Emitter<CloseInfo>();
  readonly onDidReceive = this.received.event;
  readonly onDidClose = this.closed.event;

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<void> {
    if (this.opened) return;
    if (this.peer === null) throw new KioskError('device-offline', `${this.description}: the other end is gone`, true);
    this.opened = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.opened) throw new KioskError('device-offline', `${this.description} is not open`, true);
    const peer = this.peer;
    const copy = new Uint8Array(bytes);
    setImmediate(() => {
      if (peer?.opened) peer.received.fire(copy);
    });
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.closed.fire({ expected: true, error: null });
  }

  /** Simulate the cable being pulled: both ends close unexpectedly. */
  unplug(): void {
    for (const end of [this, this.peer]) {
      if (end?.opened) {
        end.opened = false;
        end.closed.fire({ expected: false, error: new Error('unplugged') });
      }
    }
  }
}

/** A connected pair: `host` for the driver, `device` for the simulator. */
export function createMemoryPair(name = 'memory'): { host: MemoryTransport; device: MemoryTransport } {
  const host = new MemoryTransport(`${name}:host`);
  const device = new MemoryTransport(`${name}:device`);
  host.peer = device;
  device.peer = host;
  return { host, device };
}
