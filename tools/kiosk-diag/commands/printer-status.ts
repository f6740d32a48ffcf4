import { createReceiptPrinter } from '../../../drivers/receipt-printer/index.js';
import { parsePrinterUri } from '../../../drivers/receipt-printer/transports/printer-transport.js';
import { parse, UsageError, type CommandContext, positiveInt } from '../cli.js';

/**
 * `kiosk-diag printer-status --printer URI [--model NAME] [--timeout MS] --json`
 * Reads `DLE EOT 1–4` and prints `{"online","paperEnd","paperNearEnd","coverOpen","error"}`.
 * A printer that does not answer is an error (exit 4, `device-offline`), not `online:false`
 * guessed from silence.
 */
export const USAGE = 'usage: kiosk-diag printer-status --printer URI [--model NAME] [--timeout MS] [--json]';

export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parse(ctx.argv, {
    printer: { type: 'string' },
    model: { type: 'string', default: 'generic-80mm-cn' },
    timeout: { type: 'string', default: '5000' },
  });
  if (!values.printer) throw new UsageError('--printer URI is required');
  const timeoutMs = positiveInt(values.timeout, '--timeout');
  parsePrinterUri(values.printer);

  const handle = await createReceiptPrinter({ uri: values.printer, model: values.model }, { dataDir: process.cwd() });
  try {
    const s = await handle.service.readPrinterStatus({ timeoutMs });
    const out = { online: s.online, paperEnd: s.paperEnd, paperNearEnd: s.paperNearEnd, coverOpen: s.coverOpen, error: s.error || s.cutterError };
    if (ctx.json) ctx.out(out);
    else for (const [k, v] of Object.entries(out)) ctx.print(`${k.padEnd(13)} ${v}`);
    return 0;
  } finally {
    await handle.dispose();
  }
}
