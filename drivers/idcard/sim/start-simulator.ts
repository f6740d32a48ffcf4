import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createDebug from 'debug';
import type { ByteTransport } from '../transport/byte-transport.js';
import { createMemoryPair, type MemoryTransport } from '../transport/memory-transport.js';
import { SerialTransport } from '../transport/serial-transport.js';
import { openPtyPair, ptyPairAvailable, type PtyPair } from '../../core/sim/pty-pair.js';
import { SamSimulator, type SamSimulatorOptions } from './sam-simulator.js';

const log = createDebug('kiosk:idcard:sim');

/**
 * A simulator serving on a pty pair (socat's, or node-pty's where socat is missing), or on an in-memory
 * pair where no pseudo-terminal can be made (Windows).
 */
export interface RunningSimulator {
  mode: 'pty' | 'memory';
  sim: SamSimulator;
  /** pty mode: the path a driver opens (stable across unplug/replug). Null in memory mode. */
  hostPath: string | null;
  /** The driver's transport for memory mode (null in pty mode: open `hostPath` instead). */
  hostTransport: MemoryTransport | null;
  /** Pull the cable: the pty pair is closed (both ends fail) or both memory ends close. */
  unplug(): Promise<void>;
  /** Plug back in under the same path. */
  replug(): Promise<void>;
  /** Stop serving, close the pty pair, remove the temp dir. */
  dispose(): Promise<void>;
}

export interface StartSimulatorOptions extends SamSimulatorOptions {
  /** Force the in-memory pair even where a pty pair can be made (tests of the fallback). */
  forceMemory?: boolean;
  /** Card placed at start. */
  initialCard?: string;
}

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = new SamSimulator(options);
  if (options.initialCard) sim.placeCard(options.initialCard);
  if (options.forceMemory || !ptyPairAvailable()) {
    if (!options.forceMemory) log('no pseudo-terminals here: serving on an in-memory pair');
    return startMemory(sim);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-idcard-sim-'));
  let pair: PtyPair | null = null;
  let device: SerialTransport | null = null;
  const plug = async () => {
    pair = await openPtyPair({ dir });
    device = new SerialTransport({ path: pair.simPath, baudRate: options.baudRate || 115200 });
    await device.open();
    sim.attach(device);
  };
  const unplug = async () => {
    sim.detach();
    const p = pair;
    pair = null;
    await p?.close();
    await device?.close();
    device = null;
  };
  try {
    await plug();
  } catch (e) {
    await unplug();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    mode: 'pty',
    sim,
    hostPath: join(dir, 'host'),
    hostTransport: null,
    unplug,
    replug: plug,
    dispose: async () => {
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startMemory(sim: SamSimulator): Promise<RunningSimulator> {
  let pair = createMemoryPair('idcard-sim');
  await pair.device.open();
  sim.attach(pair.device);
  const running: RunningSimulator = {
    mode: 'memory',
    sim,
    hostPath: null,
    hostTransport: pair.host,
    unplug: async () => {
      sim.detach();
      pair.host.unplug();
      // The old ends are dead; a replug makes a new pair the driver reaches through hostTransport.
      pair.host.peer = null;
    },
    replug: async () => {
      const old = pair.host;
      pair = createMemoryPair('idcard-sim');
      // Re-point the host end the driver already holds at the new device end.
      old.peer = pair.device;
      pair.device.peer = old;
      pair.host = old;
      await pair.device.open();
      sim.attach(pair.device);
    },
    dispose: async () => {
      sim.detach();
      await pair.device.close();
      await pair.host.close();
    },
  };
  return running;
}

/** A transport the driver can use for a running simulator, whichever mode it is in. */
export function hostTransportFor(running: RunningSimulator, baudRate = 115200): ByteTransport {
  if (running.hostTransport) return running.hostTransport;
  return new SerialTransport({ path: running.hostPath!, baudRate });
}
