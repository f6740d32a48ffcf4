import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskError } from '../../../contracts/errors.js';
import { checkUscc } from '../../../contracts/uscc.js';
import type { KioskConfig } from '../../../contracts/config.js';
import { fetchLicenseRecord, renderCalibrationSheet, renderLicensePdf, type CalibrationOffset } from '../../../documents/index.js';
import { startDemoBackend } from '../../../main/demo-backend/index.js';
import { loadConfig } from '../../../main/host/config/config-loader.js';
import { Exit, UsageError, parse, type CommandContext, positiveInt } from '../cli.js';

/**
 * `kiosk-diag license` (docs/protocol.md §3): renders a business license from the back end's data, or
 * the calibration sheet, to a PDF; it never prints.
 *
 * Back end: `--url`/`--token` when given (token default `KIOSK_BACKEND_TOKEN` or `demo-token`),
 * otherwise the embedded demo back end is started in-process on a temporary data directory.
 * Offsets: `--offset-x=MM --offset-y=MM` (the `=` form lets values be negative), else `documents.calibration` of `--config FILE`, else 0.
 * Exit 2 for a malformed code or a wrong check character (checked before any query), 5 when the
 * back end has no such code or cannot be reached.
 */
export const USAGE = `usage: kiosk-diag license --uscc CODE --copy original|duplicate --out FILE.pdf [--url URL] [--token T] [--offset-x=MM] [--offset-y=MM] [--config FILE] [--json]
       kiosk-diag license --calibration --paper A3|A4 --out FILE.pdf [--offset-x=MM] [--offset-y=MM] [--config FILE] [--json]`;

const OPTIONS = {
  uscc: { type: 'string' },
  copy: { type: 'string' },
  out: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  calibration: { type: 'boolean' },
  paper: { type: 'string' },
  'offset-x': { type: 'string' },
  'offset-y': { type: 'string' },
  config: { type: 'string' },
  timeout: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const out = values.out;
  if (!out) throw new UsageError(`--out FILE.pdf is required`);
  const config = values.config ? loadConfig({ argv: ['--config', values.config], env: {} }).config : null;
  const started = performance.now();

  if (values.calibration) {
    const paper = values.paper;
    if (paper !== 'A3' && paper !== 'A4') throw new UsageError(`--paper must be A3 or A4`);
    const pdf = await renderCalibrationSheet({ paper, offset: offsetFor(values, config, paper), font: fontFor(config) });
    writeFileSync(out, pdf);
    return report(ctx, { out, kind: 'calibration', paper, bytes: pdf.length, ms: Math.round(performance.now() - started) });
  }

  const copy = values.copy;
  if (copy !== 'original' && copy !== 'duplicate') throw new UsageError(`--copy must be original or duplicate`);
  if (!values.uscc) throw new UsageError(`--uscc CODE is required`);
  const check = checkUscc(values.uscc);
  if (!check.valid) {
    throw new KioskError(
      'bad-request',
      check.reason === 'check-char'
        ? `unified social credit code ${check.normalised}: wrong check character (expected ${check.expectedCheckChar}, GB 32100)`
        : 'not an 18-character unified social credit code (GB 32100)',
    );
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : positiveInt(values.timeout, '--timeout');
  const token = values.token ?? process.env.KIOSK_BACKEND_TOKEN ?? 'demo-token';

  let record;
  if (values.url) {
    record = await fetchLicenseRecord(check.normalised, { url: values.url, token, timeoutMs }).catch((e: unknown) => {
      // A refused token is the back end's answer: exit 5, not a device error.
      if (e instanceof KioskError && e.code === 'forbidden') throw new KioskError('backend-error', e.message, false, { cause: e });
      throw e;
    });
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-diag-license-'));
    const backend = await startDemoBackend({ dataDir: dir, token });
    try {
      record = await fetchLicenseRecord(check.normalised, { url: backend.url, token, timeoutMs });
    } finally {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const paper = copy === 'original' ? 'A3' : 'A4';
  const pdf = await renderLicensePdf(record.license, { copy, offset: offsetFor(values, config, paper), font: fontFor(config) });
  writeFileSync(out, pdf);
  return report(ctx, { out, kind: 'license', uscc: check.normalised, copy, paper, bytes: pdf.length, ms: Math.round(performance.now() - started) });
}

function mmOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || Math.abs(n) > 20) throw new UsageError(`--${name} must be a number of mm between -20 and 20, got "${v}"`);
  return n;
}

function offsetFor(values: Values, config: KioskConfig | null, paper: 'A3' | 'A4'): CalibrationOffset {
  const fromConfig = config?.documents.calibration[paper] ?? { xMm: 0, yMm: 0 };
  return { xMm: mmOption('offset-x', values['offset-x']) ?? fromConfig.xMm, yMm: mmOption('offset-y', values['offset-y']) ?? fromConfig.yMm };
}

function fontFor(config: KioskConfig | null) {
  return config ? { fontPath: config.documents.fontPath, fontName: config.documents.fontName } : undefined;
}

function report(ctx: CommandContext, result: Record<string, unknown>): number {
  if (ctx.json) ctx.out(result);
  else process.stdout.write(`wrote ${String(result.out)} (${String(result.paper)} landscape, ${String(result.bytes)} bytes, ${String(result.ms)} ms)\n`);
  return Exit.ok;
}
