import { SerialPrinterTransport } from '../transports/serial-transport.js';
import { openPtyPair } from '../../core/sim/pty-pair.js';
import { SimPrinter, type SimPrinterOptions } from './printer-sim.js';

/** A simulated serial printer on a pseudo-terminal; the driver opens `serial://<devicePath>`. */
export interface PtyPrinterSim {
  printer: SimPrinter;
  devicePath: string;
  uri: string;
  close(): Promise<void>;
}

export async function startPtyPrinterSim(opts: SimPrinterOptions = {}): Promise<PtyPrinterSim> {
  const pair = await openPtyPair();
  const printer = new SimPrinter(opts);
  // The simulator's end of the pty is opened with the same serial transport the driver uses.
  const port = new SerialPrinterTransport(pair.simPath, 115200);
  try {
    await port.open(3000);
  } catch (e) {
    await pair.close();
    throw e;
  }
  const sink = (b: Uint8Array): void => {
    if (port.isOpen()) port.write(b).catch((e: Error) => process.emitWarning(`pty printer sim write: ${e.message}`));
  };
  port.onData((d) => printer.receive(d, sink));
  return {
    printer,
    devicePath: pair.hostPath,
    uri: `serial://${pair.hostPath}?baud=115200`,
    close: async () => {
      printer.close();
      await port.close();
      await pair.close();
    },
  };
}
