import { KioskError } from '../../../contracts/errors.js';
import { ScannerDevice } from '../../../drivers/scanner/scanner-service.js';
import { SerialScanTransport } from '../../../drivers/scanner/transports/serial-scan-transport.js';
import { parse, UsageError, type CommandContext, positiveInt } from '../cli.js';

/**
 * `kiosk-diag scan --port PATH [--baud 9600] [--timeout MS] [--inter-byte MS] --json`
 * Waits for the first complete scan from a serial / USB-CDC scanner (CR, LF or CRLF suffix, or an
 * inter-byte gap) and prints it: `{"data","source":"serial","bytes","symbology","at"}`.
 * Exit 3: nothing scanned in time; 4: the port cannot be opened.
 */
export const USAGE = 'usage: kiosk-diag scan --port PATH [--baud 9600] [--timeout MS] [--inter-byte MS] [--json]';

export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parse(ctx.argv, {
    port: { type: 'string' },
    baud: { type: 'string', default: '9600' },
    timeout: { type: 'string', default: '30000' },
    'inter-byte': { type: 'string', default: '50' },
  });
  if (!values.port) throw new UsageError('--port PATH is required');
  const baudRate = positiveInt(values.baud, '--baud');
  const timeoutMs = positiveInt(values.timeout, '--timeout');
  const interByteTimeoutMs = positiveInt(values['inter-byte'], '--inter-byte');

  const scanner = new ScannerDevice('scanner', { transport: new SerialScanTransport(values.port, baudRate), source: 'serial', interByteTimeoutMs });
  try {
    await scanner.open();
    const st = scanner.status();
    if (st.state === 'offline') throw new KioskError('device-offline', st.lastError?.message ?? `cannot open ${values.port}`, true);
    if (!ctx.json) ctx.log(`waiting up to ${timeoutMs} ms for a scan on ${values.port}…`);
    const scan = await scanner.scanOnce({ timeoutMs });
    if (ctx.json) ctx.out({ data: scan.data, source: scan.source, bytes: scan.bytes, symbology: scan.symbology, at: scan.at });
    else ctx.print(scan.data);
    return 0;
  } finally {
    await scanner.dispose();
  }
}
