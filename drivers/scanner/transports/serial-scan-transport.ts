import { SerialLink } from '../../core/serial-link.js';
import type { ScanTransport } from './scan-transport.js';

/** RS-232 or USB CDC-ACM scanner (`/dev/ttyACM0`, a COM port). Also the simulator's side of a pty. */
export class SerialScanTransport extends SerialLink implements ScanTransport {
  readonly unit = 'stream' as const;

  constructor(
    path: string,
    baudRate: number,
    private readonly openTimeoutMs = 3000,
  ) {
    super(path, baudRate, `serial:${path}@${baudRate}`, 'kiosk:scanner:serial');
  }

  override open(): Promise<void> {
    return super.open(this.openTimeoutMs);
  }
}
