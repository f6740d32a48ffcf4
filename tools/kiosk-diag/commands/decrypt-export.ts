import { readFileSync, writeFileSync } from 'node:fs';
import { openExport, type SealedExport } from '../../../main/host/diagnostics/export-crypto.js';
import { Exit, UsageError, parse, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag decrypt-export --in FILE --out FILE.json`: opens a dead-letter export a technician
 * wrote from the diagnostics screen (passphrase from `KIOSK_EXPORT_PASSPHRASE` or the first line of
 * stdin). The output holds personal data: keep it on the service laptop's encrypted disk.
 */
export const USAGE = 'usage: kiosk-diag decrypt-export --in FILE.okx.json --out FILE.json [--json]   (passphrase: KIOSK_EXPORT_PASSPHRASE or stdin)';

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, { in: { type: 'string' }, out: { type: 'string' } } as const);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.in || !values.out) throw new UsageError('--in FILE and --out FILE are required');
  const passphrase = process.env.KIOSK_EXPORT_PASSPHRASE ?? readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
  const sealed = JSON.parse(readFileSync(values.in, 'utf8')) as SealedExport;
  const plain = await openExport(sealed, passphrase);
  writeFileSync(values.out, plain, { mode: 0o600 });
  if (ctx.json) ctx.out({ out: values.out, bytes: plain.length });
  else process.stdout.write(`wrote ${values.out} (${plain.length} bytes)\n`);
  return Exit.ok;
}
