import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KioskError } from '../../contracts/errors.js';

/**
 * Printer models are data (style.md, after ReceiptPrinterEncoder's `data/printers/*.json`): one JSON
 * file per model in `profiles/`, validated here, so a new model is a file, not an `if` branch.
 */
const Presenter = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Custom VKP80III `FS P` ejector activation (TerminalClient CustomVKP80III). */
    kind: z.literal('custom-fs-p'),
    /** Length presented to the customer, mm. */
    presentMm: z.number().int().min(0).max(255),
    blink: z.boolean(),
    /** What happens to a ticket nobody takes: retract into the bin or eject onto the floor. */
    notTaken: z.enum(['retract', 'eject']),
    /** Seconds before `notTaken` applies (0 = printer default). */
    timeoutSec: z.number().int().min(0).max(255),
  }),
  z.strictObject({
    /** Citizen PMU2300-III `GS R 1 n` auto-retract after n seconds. */
    kind: z.literal('citizen-gs-r'),
    retractAfterSec: z.number().int().min(0).max(255),
  }),
]);

export const PrinterProfile = z.strictObject({
  name: z.string(),
  description: z.string(),
  paperWidthMm: z.number().positive(),
  /** Printable width in dots (576 on 80 mm/203 dpi, 384 on 58 mm). */
  printWidthDots: z.number().int().positive(),
  dotsPerMm: z.number().positive(),
  /** Font A columns (a CJK character takes two). */
  columns: z.number().int().positive(),
  /** Text encoding: `gb18030` (two-byte area only) or `ascii`. */
  encoding: z.enum(['gb18030', 'ascii']),
  /** Whether a Chinese font is installed (Epson international models have none). */
  chineseFont: z.boolean(),
  /** `fs-ampersand`: enter Chinese mode with `FS &` after `ESC @`; `none`: never switch. */
  chineseMode: z.enum(['fs-ampersand', 'none']),
  /** `native`: `GS ( k`; `raster`: render the matrix and send `GS v 0`. */
  qr: z.enum(['native', 'raster']),
  barcode: z.boolean(),
  cutter: z.enum(['none', 'partial', 'full+partial']),
  presenter: Presenter.nullable(),
  status: z.strictObject({
    /** Answers `DLE EOT n` real-time status. */
    realtime: z.boolean(),
    /** Supports automatic status back (`GS a`). */
    asb: z.boolean(),
    /** How the end of a job is confirmed: `GS r 1` reply, or not at all (write-only transports). */
    confirm: z.enum(['gs-r-1', 'none']),
    /**
     * How the near-end and paper-end bit pairs of DLE EOT 4, GS a and GS r read (status-codec
     * `sensorPair`): `both` bits set (Epson: both-or-none), `either` (two separate sensors, Citizen
     * PPU-231II near end), `first` bit only (the second is another sensor, Citizen's presenter).
     */
    nearEndSensors: z.enum(['both', 'either', 'first']),
    paperEndSensors: z.enum(['both', 'either', 'first']),
    /**
     * How the rest of a job that stopped mid-way is dropped from the printer's buffers, so a retry
     * cannot print it after the paper is refilled: `dle-dc4-8` (clear buffers, answered `37 25 00`),
     * `dle-enq-2` (recover from error clearing the buffers; no answer) or `none` (the model has neither).
     */
    clearBuffer: z.enum(['dle-dc4-8', 'dle-enq-2', 'none']),
  }),
});
export type PrinterProfile = z.infer<typeof PrinterProfile>;

const profilesDir = join(dirname(fileURLToPath(import.meta.url)), 'profiles');
const cache = new Map<string, PrinterProfile>();

/** Names of the bundled profiles. */
export function listProfiles(): string[] {
  return readdirSync(profilesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Load a bundled profile by name; an unknown name or a malformed file is a configuration error. */
export function loadProfile(name: string): PrinterProfile {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!/^[a-z0-9-]+$/.test(name) || !listProfiles().includes(name)) {
    throw new KioskError('bad-request', `unknown printer model "${name}" (known: ${listProfiles().join(', ')})`);
  }
  const parsed = PrinterProfile.safeParse(JSON.parse(readFileSync(join(profilesDir, `${name}.json`), 'utf8')));
  if (!parsed.success) {
    throw new KioskError('bad-request', `printer profile ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  cache.set(name, parsed.data);
  return parsed.data;
}
