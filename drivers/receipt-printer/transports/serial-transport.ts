import { SerialLink } from '../../core/serial-link.js';
import type { PrinterTransport } from './printer-transport.js';

/** A serial or USB virtual-COM printer (`serial:///dev/ttyUSB0?baud=115200`); it answers status, so it can be read. */
export class SerialPrinterTransport extends SerialLink implements PrinterTransport {
  readonly canRead = true;

  constructor(path: string, baudRate: number) {
    super(path, baudRate, `serial://${path}?baud=${baudRate}`, 'kiosk:printer:serial');
  }
}
