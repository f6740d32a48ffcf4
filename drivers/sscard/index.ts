import createDebug from 'debug';
import { KioskError } from '../../contracts/errors.js';
import type { KioskConfig } from '../../contracts/config.js';
import type { DeviceContext, DeviceHandle } from '../core/factory.js';
import { SsCardReader, type SsCardReaderService } from './reader/sscard-reader.js';
import { DEMO_SSCARDS, findDemoSsCard } from './sim/demo-sscards.js';
import { MemoryStack } from './sim/memory-stack.js';
import { VPCD_READER_PREFIX } from './sim/pcscd-env.js';
import { VpcdCard } from './sim/vpcd-card.js';
import { PcscContext } from './transport/pcsc.js';
import { PcscPsam } from './psam/pcsc-psam.js';
import { SimulatedPsam } from './psam/sim-psam.js';

export { SsCardReader, type SsCardReaderService } from './reader/sscard-reader.js';

const debug = createDebug('kiosk:sscard');

/** Developer-panel controls of the simulated social security card reader. */
export interface SsCardSimControl {
  listCards(): { key: string; label: string }[];
  insertCard(key: string): Promise<void>;
  removeCard(): Promise<void>;
  /** The card in the simulated reader, and whether it sits behind pcscd (vpcd) or in-process. */
  state(): { card: string | null; via: 'pcscd' | 'in-process' };
}

export type SsCardReaderFactory = (
  config: KioskConfig['devices']['sscardReader'],
  ctx: DeviceContext,
) => Promise<DeviceHandle<SsCardReaderService, SsCardSimControl>>;

/**
 * The social security card reader for the device hub. `pcsc`: the system's PC/SC service.
 * `sim`: when pcscd runs with vsmartcard's vpcd reader, the demo cards are inserted into vpcd's
 * slot over its socket and read through pcscd like a real card; otherwise they plug in at the
 * APDU transport in-process (a machine with only Node and npm).
 */
export const createSsCardReader: SsCardReaderFactory = async (config) => {
  if (config.transport === 'pcsc') {
    const psam = config.psam ? new PcscPsam(() => PcscContext.open(), config.psam) : null;
    const service = new SsCardReader({ openStack: () => PcscContext.open(), transport: 'pcsc', readerName: config.reader, apduTimeoutMs: config.apduTimeoutMs, psam });
    await service.open();
    return { service, sim: null, dispose: () => service.dispose() };
  }
  const vpcdReader = findVpcdReader(config.vpcdPort);
  const psam = config.psam ? new SimulatedPsam() : null;
  let inserted: string | null = null;
  const list = () => DEMO_SSCARDS.map((c) => ({ key: c.key, label: c.label }));
  const demo = (key: string) => {
    const c = findDemoSsCard(key);
    if (!c) throw new KioskError('bad-request', `no demo social security card "${key}"`);
    return c;
  };
  if (vpcdReader) {
    const slot = new VpcdCard({ port: config.vpcdPort });
    const service = new SsCardReader({ openStack: () => PcscContext.open(), transport: 'pcsc', simulated: true, readerName: vpcdReader, psam });
    await service.open();
    // pcscd looks at vpcd's slot a few times a second: a swap faster than that would go unseen,
    // which no hand can do with a real card. Wait until the reader has seen the card go.
    const seenGone = async () => {
      for (let i = 0; i < 60 && service.snapshot().cardPresent; i++) await new Promise((r) => setTimeout(r, 50));
    };
    return {
      service,
      sim: {
        listCards: list,
        insertCard: async (key) => {
          const card = demo(key);
          if (slot.current) {
            await slot.remove();
            await seenGone();
          }
          await slot.insert(card);
          inserted = key;
        },
        removeCard: async () => {
          await slot.remove();
          inserted = null;
          await seenGone();
        },
        state: () => ({ card: slot.current ? inserted : null, via: 'pcscd' }),
      },
      dispose: async () => {
        try {
          await service.dispose();
        } finally {
          await slot.remove();
        }
      },
    };
  }
  const stack = new MemoryStack();
  const service = new SsCardReader({ openStack: () => stack, transport: 'memory', simulated: true, retryMs: 500, psam });
  await service.open();
  return {
    service,
    sim: {
      listCards: list,
      insertCard: async (key) => {
        stack.insert(demo(key));
        inserted = key;
      },
      removeCard: async () => {
        stack.remove();
        inserted = null;
      },
      state: () => ({ card: stack.current ? inserted : null, via: 'in-process' }),
    },
    dispose: () => service.dispose(),
  };
};

/** vpcd's reader for this port when pcscd runs with it: slot n listens on 35963 + n. */
function findVpcdReader(port: number): string | null {
  try {
    const ctx = PcscContext.open();
    try {
      const slot = port - 35963;
      const name = ctx.readers().map((r) => r.name).find((n) => n.startsWith(VPCD_READER_PREFIX) && n.endsWith(` ${String(slot).padStart(2, '0')}`));
      return name ?? null;
    } finally {
      ctx.close();
    }
  } catch (e) {
    debug('no pcscd for the simulated card (%s): in-process', e instanceof Error ? e.message : e);
    return null;
  }
}
