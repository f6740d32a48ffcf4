import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import createDebug from 'debug';
import { z } from 'zod';
import type { StockConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import type { Paper } from './diagnostics/calibration-store.js';
import { consecutiveSerials, describeSerialFormat, MAX_SERIAL_LENGTH, serialProblem } from './sheet-serial-format.js';

const log = createDebug('kiosk:sheet-serials');

/** One tray's counter: the serial of the next sheet, and the stack it belongs to. */
const TrayCounter = z.strictObject({
  /** Serial of the next sheet to go to the printer; null when the stack's numbers ran out of the format. */
  next: z.string().max(MAX_SERIAL_LENGTH).nullable(),
  /** The first serial the technician registered for the loaded stack. */
  first: z.string().max(MAX_SERIAL_LENGTH),
  /** Sheets that went to the printer (printed or spoiled) since then. */
  used: z.number().int().min(0),
  setAt: z.string(),
});
type TrayCounter = z.infer<typeof TrayCounter>;
const CounterFile = z.strictObject({ A3: TrayCounter.optional(), A4: TrayCounter.optional() });
type CounterFile = z.infer<typeof CounterFile>;

/** A tray as the technician's screen shows it. */
export interface TraySerialView {
  numbered: boolean;
  /** The configured format in words; null when the stock is not numbered. */
  format: string | null;
  next: string | null;
  first: string | null;
  used: number;
  setAt: string | null;
}

export function sheetSerialFile(dataDir: string): string {
  return join(dataDir, 'sheet-serials.json');
}

/**
 * The sheet-serial counters of numbered stock (`documents.stock`), per tray, in
 * `<dataDir>/sheet-serials.json`. Every sheet that goes to the printer takes the next serial, in
 * order, printed or spoiled; the counter is advanced and made durable (write, fsync, rename, fsync
 * the directory) before the job is sent, so a crash can leave a gap the registry sees, never the same
 * serial on two audits. The file is read on every call: the license desk and diagnostics share it
 * without sharing an object, as they share calibration.json.
 */
export class SheetSerials {
  readonly file: string;

  constructor(
    private readonly dataDir: string,
    private readonly stock: Record<Paper, StockConfig>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = sheetSerialFile(dataDir);
  }

  numbered(paper: Paper): boolean {
    return this.stock[paper].numbered;
  }

  private read(): CounterFile {
    if (!existsSync(this.file)) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (e) {
      throw new KioskError('internal', `${this.file}: not JSON (${(e as Error).message})`);
    }
    const r = CounterFile.safeParse(parsed);
    if (!r.success) throw new KioskError('internal', `${this.file}: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? 'invalid'}`);
    return r.data;
  }

  private write(next: CounterFile): void {
    mkdirSync(this.dataDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `${JSON.stringify(next, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    // The rename is durable only once the directory entry is on disk too.
    const dir = openSync(this.dataDir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  private viewOf(paper: Paper, c: TrayCounter | undefined): TraySerialView {
    const stock = this.stock[paper];
    if (!stock.numbered) return { numbered: false, format: null, next: null, first: c?.first ?? null, used: c?.used ?? 0, setAt: c?.setAt ?? null };
    return { numbered: true, format: describeSerialFormat(stock), next: c?.next ?? null, first: c?.first ?? null, used: c?.used ?? 0, setAt: c?.setAt ?? null };
  }

  view(): Record<Paper, TraySerialView> {
    const f = this.read();
    return { A3: this.viewOf('A3', f.A3), A4: this.viewOf('A4', f.A4) };
  }

  /** Register the first serial of a newly loaded stack (validated against the tray's format); the used count starts again. */
  set(paper: Paper, first: string): Record<Paper, TraySerialView> {
    const stock = this.stock[paper];
    if (!stock.numbered) throw new KioskError('bad-request', `the ${paper} stock is not numbered (documents.stock.${paper}.numbered)`);
    const serial = first.trim().toUpperCase();
    const problem = serialProblem(stock, serial);
    if (problem) throw new KioskError('bad-request', `sheet serial "${serial.slice(0, MAX_SERIAL_LENGTH)}": ${problem}`);
    const f = this.read();
    f[paper] = { next: serial, first: serial, used: 0, setAt: this.now().toISOString() };
    this.write(f);
    log('%s stack registered from %s', paper, serial);
    return { A3: this.viewOf('A3', f.A3), A4: this.viewOf('A4', f.A4) };
  }

  /** The serials the next `count` sheets would take, without taking them; throws the refusal when they are not ready. */
  peek(paper: Paper, count: number): string[] | null {
    return this.plan(paper, count, this.read())?.serials ?? null;
  }

  /**
   * Take the serials of the next `count` sheets (consecutive, in order), durably, before the job goes
   * to the printer. Null when the tray's stock is not numbered. Throws `not-available` (retryable: a
   * technician can register the stack) when the tray is numbered and no serial is registered, the
   * registered one no longer fits the format, or fewer than `count` serials are left in it.
   */
  reserve(paper: Paper, count: number): string[] | null {
    const f = this.read();
    const plan = this.plan(paper, count, f);
    if (!plan) return null;
    const c = f[paper]!;
    f[paper] = { ...c, next: plan.after, used: c.used + count };
    this.write(f);
    log('%s sheets %s taken', paper, plan.serials.join(', '));
    return plan.serials;
  }

  private plan(paper: Paper, count: number, f: CounterFile): { serials: string[]; after: string | null } | null {
    const stock = this.stock[paper];
    if (!stock.numbered) return null;
    const c = f[paper];
    const refuse = (why: string) =>
      new KioskError('stock-unregistered', `the ${paper} license stock is numbered and ${why}: a technician must register the first sheet serial of the loaded stack (diagnostics, Document printer)`, true);
    if (!c || c.next === null) throw refuse(c ? `its serials ran out after ${c.first} + ${c.used} sheets` : 'no sheet serial is registered');
    if (serialProblem(stock, c.next) !== null) throw refuse(`the registered serial ${c.next} does not match the format ${describeSerialFormat(stock)}`);
    try {
      return consecutiveSerials(stock, c.next, count);
    } catch (e) {
      if (e instanceof RangeError) throw refuse(e.message);
      throw e;
    }
  }
}
