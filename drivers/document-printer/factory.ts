import type { KioskConfig } from '../../contracts/config.js';
import type { DeviceContext, DeviceHandle } from '../core/factory.js';
import { systemCupsRunner } from './cups-commands.js';
import { SimCupsQueue, type DocumentPrinterSimState, type SimPrintedDocument } from './cups-sim.js';
import { CupsDocumentPrinter, type DocumentPrinterService } from './document-printer-service.js';

/** Developer-panel controls of the simulated document printer. */
export interface DocumentPrinterSimControl {
  setState(patch: Partial<DocumentPrinterSimState>): void;
  state(): DocumentPrinterSimState;
  /** The PDFs the simulator "printed", kept in `<dataDir>/documents/printed/`. */
  printed(): SimPrintedDocument[];
}

export type DocumentPrinterFactory = (
  config: KioskConfig['devices']['documentPrinter'],
  ctx: DeviceContext,
) => Promise<DeviceHandle<DocumentPrinterService, DocumentPrinterSimControl>>;

/**
 * The host's factory. `cups`: the driver on the system's CUPS tools (queue and trays from config).
 * `sim`: the same driver on a simulated queue that answers in CUPS's formats and keeps the PDFs.
 */
export const createDocumentPrinter: DocumentPrinterFactory = async (config, ctx) => {
  if (config.transport === 'sim') {
    const sim = new SimCupsQueue('KIOSK_SIM_DOC', ctx.dataDir);
    const service = new CupsDocumentPrinter('document-printer', { queue: sim.queue, trays: {}, runner: sim, simulated: true, pollMs: 100, font: ctx.documentFont ?? {} });
    await service.open();
    return {
      service,
      sim: { setState: (p) => sim.setState(p), state: () => sim.state(), printed: () => sim.printed() },
      dispose: () => service.dispose(),
    };
  }
  const service = new CupsDocumentPrinter('document-printer', { queue: config.queue, trays: config.trays, runner: systemCupsRunner(), simulated: false, font: ctx.documentFont ?? {} });
  await service.open();
  return { service, sim: null, dispose: () => service.dispose() };
};
