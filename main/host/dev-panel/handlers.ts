import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import type { HandlerTable, MethodName } from '../../../contracts/protocol.js';
import type { DeviceHub } from '../../../drivers/hub.js';

const log = createDebug('kiosk:dev-panel');

export interface DevPanelDeps {
  /** The simulators' controls come with the hub's devices (the driver's factory made them for `transport: sim`). */
  hub: Pick<DeviceHub, 'idCardReader' | 'sscardReader' | 'scanner' | 'receiptPrinter' | 'documentPrinter'>;
  /** Whether the developer panel is on (`ui.devPanel` with simulated devices). */
  devPanel(): boolean;
}

type DevPanelMethod = Extract<MethodName, `sim.${string}`>;

/**
 * The developer panel's `sim.*` methods: place and remove cards, scan, set printer states. They drive
 * simulators only, and only while the panel is on: a real kiosk answers `not-available`.
 */
export function createDevPanelHandlers(d: DevPanelDeps): HandlerTable<DevPanelMethod> {
  const { hub } = d;
  const simOnly = <T>(what: string, control: T | null): T => {
    if (!control || !d.devPanel()) throw new KioskError('not-available', `${what}: only with simulated devices and the developer panel`);
    return control;
  };
  return {
    'sim.state': async () => ({
      cards: hub.idCardReader.sim?.listCards() ?? [],
      sscards: hub.sscardReader.sim?.listCards() ?? [],
      sscard: hub.sscardReader.sim?.state() ?? null,
      printer: hub.receiptPrinter.sim?.state() ?? null,
      documentPrinter: hub.documentPrinter.sim?.state() ?? null,
    }),
    'sim.placeCard': async (p) => {
      simOnly('sim.placeCard', hub.idCardReader.sim).placeCard(p.key);
      return {};
    },
    'sim.insertSsCard': async (p) => {
      await simOnly('sim.insertSsCard', hub.sscardReader.sim).insertCard(p.key);
      return {};
    },
    'sim.removeSsCard': async () => {
      await simOnly('sim.removeSsCard', hub.sscardReader.sim).removeCard();
      return {};
    },
    'sim.removeCard': async () => {
      simOnly('sim.removeCard', hub.idCardReader.sim).removeCard();
      return {};
    },
    'sim.scan': async (p) => {
      simOnly('sim.scan', hub.scanner.sim).scan(p.data);
      return {};
    },
    'sim.printouts': async (p) => ({ printouts: simOnly('sim.printouts', hub.receiptPrinter.sim).printouts().slice(-p.last) }),
    'sim.setPrinter': async (p) => {
      simOnly('sim.setPrinter', hub.receiptPrinter.sim).setState(p);
      return {};
    },
    'sim.setDocumentPrinter': async (p) => {
      const sim = simOnly('sim.setDocumentPrinter', hub.documentPrinter.sim);
      const { paperEnd, ...rest } = p;
      const now = sim.state().paperEnd;
      sim.setState({ ...rest, ...(paperEnd ? { paperEnd: { A3: paperEnd.A3 ?? now.A3, A4: paperEnd.A4 ?? now.A4 } } : {}) });
      // The hub's status follows at once, so the diagnostics and the dev panel show it.
      await hub.documentPrinter.service.readStatus({ timeoutMs: 5000 }).catch((e: unknown) => log('document printer status: %s', (e as Error).message));
      return {};
    },
  };
}
