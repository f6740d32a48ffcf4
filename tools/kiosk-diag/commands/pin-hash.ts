import { readFileSync } from 'node:fs';
import { hashPin } from '../../../main/host/diagnostics/pin-hash.js';
import { Exit, UsageError, parse, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag pin-hash [--pin DIGITS]`: makes the `diagnostics.pinHash` value
 * (`scrypt$N$r$p$saltB64$hashB64`) for the kiosk config. Without `--pin` the PIN is read from the
 * first line of stdin, so it stays out of the shell history: `read -s PIN; echo "$PIN" | kiosk-diag pin-hash`.
 */
export const USAGE = 'usage: kiosk-diag pin-hash [--pin DIGITS] [--json]   (4–12 digits; stdin when --pin is omitted)';

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, { pin: { type: 'string' } } as const);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const pin = (values.pin ?? readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '').trim();
  if (!/^\d{4,12}$/.test(pin)) throw new UsageError(`the PIN must be 4 to 12 digits`);
  const pinHash = await hashPin(pin);
  if (ctx.json) ctx.out({ pinHash });
  else process.stdout.write(`diagnostics:\n  pinHash: "${pinHash}"\n`);
  return Exit.ok;
}
