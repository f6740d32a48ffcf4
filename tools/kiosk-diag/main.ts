import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Exit, UsageError, errorPayload, exitFor, type CommandContext, type CommandModule } from './cli.js';
import { isKioskErrorLike } from '../../contracts/errors.js';
import { moduleBeside } from '../../common/module-beside.js';

/**
 * kiosk-diag: the technician's command (docs/protocol.md §3). Each command lives in
 * `commands/<name>.ts` and exports `run(ctx): Promise<number>`.
 */
const USAGE = `usage: kiosk-diag <command> [options] [--json]
commands:
  ports                                        serial ports and HID devices
  idcard --port PATH [--reveal]                read one ID card (masked unless --reveal)
  sscard [--reader NAME] [--reveal]            read the social security card in a PC/SC reader (masked unless --reveal)
  scan --port PATH                             the first complete scan
  print-test --printer URI                     a test receipt
  printer-status --printer URI                 the receipt printer's status bytes
  queue load|sync|status|salvage --data DIR    the offline queue (run "kiosk-diag queue" for options)
  license --uscc CODE | --calibration          render a business license or the calibration sheet to PDF
  health [--config FILE] [--external]          every configured device's health (exit 4 when one is not ready)
  pin-hash [--pin DIGITS]                      the diagnostics.pinHash value for a PIN
  decrypt-export --in FILE --out FILE          open a dead-letter export
  fleet status [--config FILE|--data DIR]      the fleet (ThingsBoard) connection as the host last wrote it
  face-match --id-photo FILE --live FILE       compare two faces as the verify-face step does (JSON: match, score, threshold)
exit codes: 0 done, 2 usage, 3 timed out, 4 device or protocol error, 5 back-end error`;

async function main(): Promise<number> {
  const [name, ...argv] = process.argv.slice(2);
  const json = argv.includes('--json');
  const ctx: CommandContext = {
    argv,
    json,
    out: (obj) => process.stdout.write(JSON.stringify(obj) + '\n'),
    print: (line) => process.stdout.write(line + '\n'),
    log: (line) => process.stderr.write(line + '\n'),
  };
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return Exit.ok;
  }
  if (!name) {
    // Bare `kiosk-diag`: the list of commands is the most useful answer, but it is still not a run.
    if (json) ctx.out({ error: { code: 'usage', message: 'no command given (kiosk-diag --help lists them)' } });
    else ctx.log(USAGE);
    return Exit.usage;
  }
  const file = fileURLToPath(moduleBeside(import.meta.url, `./commands/${name}`));
  if (!/^[a-z-]+$/.test(name) || !existsSync(file)) {
    fail(ctx, new UsageError(`unknown command "${name}" (kiosk-diag --help lists them)`));
    return Exit.usage;
  }
  try {
    const mod = (await import(file)) as CommandModule;
    if (argv.includes('--help') || argv.includes('-h')) {
      if (json) ctx.out({ usage: mod.USAGE });
      else ctx.print(mod.USAGE);
      return Exit.ok;
    }
    return await mod.run(ctx);
  } catch (e) {
    fail(ctx, e instanceof UsageError ? new UsageError(`${name}: ${oneLine(e.message)} (kiosk-diag ${name} --help)`) : e);
    if (e instanceof UsageError) return Exit.usage;
    if (isKioskErrorLike(e)) return exitFor(e.code);
    return Exit.device;
  }
}

/** A usage error is one line: the command's full usage is one `--help` away. */
function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function fail(ctx: CommandContext, e: unknown): void {
  const err = errorPayload(e);
  if (ctx.json) ctx.out({ error: err });
  else ctx.log(`kiosk-diag: ${err.message}`);
}

process.exitCode = await main();
