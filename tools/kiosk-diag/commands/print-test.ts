import { createReceiptPrinter } from '../../../drivers/receipt-printer/index.js';
import { testPage } from '../../../documents/receipts/templates.js';
import { parsePrinterUri } from '../../../drivers/receipt-printer/transports/printer-transport.js';
import { parse, UsageError, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag print-test --printer URI [--model NAME] [--timeout MS] [--json]`
 * Prints the test page (Chinese and English lines, a QR code, a cut) only when the printer reports a
 * clean status, and succeeds only when the printer confirms it (`GS r 1`). Paper end, cover open or
 * a silent printer exit 4; no confirmation in time exits 3.
 */
export const USAGE = 'usage: kiosk-diag print-test --printer URI [--model NAME] [--timeout MS] [--json]   (URI: tcp://host:9100, serial:///dev/x?baud=N, file:///dev/usb/lp0, sim:)';

export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parse(ctx.argv, {
    printer: { type: 'string' },
    model: { type: 'string', default: 'generic-80mm-cn' },
    timeout: { type: 'string', default: '30000' },
  });
  if (!values.printer) throw new UsageError('--printer URI is required (tcp://host:9100, serial:///dev/x?baud=N, file:///dev/usb/lp0, sim:)');
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout must be a positive integer, got "${values.timeout}"`);
  parsePrinterUri(values.printer); // a malformed URI is a usage error before anything is opened

  const handle = await createReceiptPrinter({ uri: values.printer, model: values.model }, { dataDir: process.cwd() });
  try {
    const doc = testPage({ at: new Date(), model: values.model, target: values.printer });
    const outcome = await handle.service.print(doc, { timeoutMs });
    if (ctx.json) ctx.out({ printed: outcome.confirmed, confirmed: outcome.confirmed, jobId: outcome.jobId, ms: outcome.ms });
    else if (outcome.confirmed) ctx.log(`test page printed and confirmed by the printer in ${outcome.ms} ms`);
    else ctx.log('test page sent, but this link cannot read replies: the printer could not confirm it');
    if (handle.sim && !ctx.json) ctx.log(handle.sim.printouts().at(-1)?.text ?? '');
    return 0;
  } finally {
    await handle.dispose();
  }
}
