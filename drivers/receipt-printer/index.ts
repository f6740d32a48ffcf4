import type { PrinterSimControl, ReceiptPrinterFactory } from '../core/factory.js';
import { loadProfile, type PrinterProfile } from './profiles.js';
import { EscPosReceiptPrinter, type EscPosPrinterOptions } from './receipt-printer-service.js';
import type { SimPrinter } from './sim/printer-sim.js';
import { startTcpPrinterSim } from './sim/tcp-printer-sim.js';
import { DeviceFilePrinterTransport } from './transports/device-file-transport.js';
import { parsePrinterUri, type PrinterTransport } from './transports/printer-transport.js';
import { SerialPrinterTransport } from './transports/serial-transport.js';
import { TcpPrinterTransport } from './transports/tcp-transport.js';

export { EscPosReceiptPrinter } from './receipt-printer-service.js';
export { encodeReceipt } from './escpos/receipt-encoder.js';
export { loadProfile, listProfiles } from './profiles.js';

/** The transport a real (non-`sim:`) printer URI names. */
export function transportForUri(uri: string): PrinterTransport {
  const u = parsePrinterUri(uri);
  switch (u.kind) {
    case 'tcp':
      return new TcpPrinterTransport(u.host, u.port);
    case 'serial':
      return new SerialPrinterTransport(u.path, u.baudRate);
    case 'file':
      return new DeviceFilePrinterTransport(u.path);
    case 'sim':
      throw new RangeError('sim: has no transport of its own; use createReceiptPrinter');
  }
}

/** Developer-panel controls over a simulator, with a PNG of each printout. */
export function simControl(printer: SimPrinter): PrinterSimControl {
  return {
    setState: (patch) => printer.setState(patch),
    state: () => printer.state(),
    printouts: () => printer.printouts().map((p) => ({ at: p.at, text: p.text, pngBase64: printer.png(p).toString('base64'), ...printer.lines(p) })),
  };
}

/**
 * The host's factory: a real ESC/POS driver on the configured URI. For `sim:` the TCP simulator is
 * started on 127.0.0.1 (ephemeral port) and the same real driver connects to it over TCP.
 */
export const createReceiptPrinter: ReceiptPrinterFactory = async (config) => {
  const profile: PrinterProfile = loadProfile(config.model);
  const u = parsePrinterUri(config.uri);
  const opts = (transport: PrinterTransport, simulated: boolean): EscPosPrinterOptions => ({ transport, profile, simulated });
  if (u.kind === 'sim') {
    const sim = await startTcpPrinterSim({ printWidthDots: profile.printWidthDots, dotsPerMm: profile.dotsPerMm });
    const service = new EscPosReceiptPrinter('receipt-printer', opts(new TcpPrinterTransport(sim.host, sim.port), true));
    await service.open();
    return {
      service,
      sim: simControl(sim.printer),
      dispose: async () => {
        await service.dispose();
        await sim.close();
      },
    };
  }
  const service = new EscPosReceiptPrinter('receipt-printer', opts(transportForUri(config.uri), false));
  await service.open();
  return { service, sim: null, dispose: () => service.dispose() };
};
