import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Exit, UsageError, errorPayload, exitFor, type CommandContext } from './cli.js';
import { isKioskErrorLike } from '../../contracts/errors.js';

/**
 * kiosk-diag: the technician's command (contracts.md §3). Each command lives in
 * `commands/<name>.ts` and exports `run(ctx): Promise<number>`.
 */
const here = dirname(fileURLToPath(import.meta.url));
const USAGE = `usage: kiosk-diag <command> [options] [--json]
commands: ports, idcard, scan, print-test, printer-status, queue, license, health, fleet`;

async function main(): Promise<number> {
  const [name, ...argv] = process.argv.slice(2);
  const json = argv.includes('--json');
  const ctx: CommandContext = {
    argv,
    json,
    out: (obj) => process.stdout.write(JSON.stringify(obj) + '\n'),
    log: (line) => process.stderr.write(line + '\n'),
  };
  if (!name || name === '--help' || name === '-h' || !/^[a-z-]+$/.test(name)) {
    process.stderr.write(USAGE + '\n');
    return name ? Exit.ok : Exit.usage;
  }
  const file = join(here, 'commands', `${name}.ts`);
  if (!existsSync(file)) {
    fail(ctx, new UsageError(`unknown command "${name}"\n${USAGE}`));
    return Exit.usage;
  }
  try {
    const mod = (await import(file)) as { run(ctx: CommandContext): Promise<number> };
    return await mod.run(ctx);
  } catch (e) {
    fail(ctx, e);
    if (e instanceof UsageError) return Exit.usage;
    if (isKioskErrorLike(e)) return exitFor(e.code);
    return Exit.device;
  }
}

function fail(ctx: CommandContext, e: unknown): void {
  const err = errorPayload(e);
  if (ctx.json) ctx.out({ error: err });
  else ctx.log(`kiosk-diag: ${err.message}`);
}

process.exitCode = await main();
