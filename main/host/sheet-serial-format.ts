import type { StockConfig } from '../../contracts/config.js';

/** Longest serial a print audit carries (`PrintAudit.sheetSerial`). */
export const MAX_SERIAL_LENGTH = 64;
const DEFAULT_DIGITS = 8;
/** What the kiosk's on-screen Latin keys type: upper-case letters, digits and "-". */
const SERIAL_CHARS = /^[A-Z0-9-]+$/;

/** The whole-serial expression of a tray's stock: `pattern`, or the prefix and its zero-padded digits. */
function matcher(stock: StockConfig): RegExp {
  if (stock.pattern !== undefined) return new RegExp(`^(?:${stock.pattern})$`);
  const prefix = (stock.prefix ?? '').replace(/-/g, '\\-');
  return new RegExp(`^${prefix}[0-9]{${stock.digits ?? DEFAULT_DIGITS}}$`);
}

/** The format in words for the technician's screen, e.g. `SZ + 8 digits` or `/SZ[0-9]{10}/`. */
export function describeSerialFormat(stock: StockConfig): string {
  if (stock.pattern !== undefined) return `/${stock.pattern}/`;
  const digits = `${stock.digits ?? DEFAULT_DIGITS} digits`;
  return stock.prefix ? `${stock.prefix} + ${digits}` : digits;
}

/** Why `serial` is not a serial of this stock, or null when it is one. */
export function serialProblem(stock: StockConfig, serial: string): string | null {
  if (serial.length === 0) return 'empty';
  if (serial.length > MAX_SERIAL_LENGTH) return `longer than ${MAX_SERIAL_LENGTH} characters`;
  if (!SERIAL_CHARS.test(serial)) return 'only upper-case letters, digits and "-"';
  // The running number is the serial's last digits: it is what the next sheet increments.
  if (!/[0-9]$/.test(serial)) return 'must end in the sheet number (digits)';
  if (!matcher(stock).test(serial)) return `does not match the stock's format (${describeSerialFormat(stock)})`;
  return null;
}

/**
 * The serial of the sheet after `serial`: its trailing running number plus one, zero-padded to the
 * same width (`SZ00000999` → `SZ00001000`). Null when the number would need another digit: the
 * printed number of the next sheet is not known, so a technician must register it.
 */
export function incrementSerial(serial: string): string | null {
  const m = /^(.*?)([0-9]+)$/.exec(serial);
  if (!m) return null;
  const digits = m[2]!.split('');
  // Decimal carry on the string: running numbers may be longer than a double holds exactly.
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] !== '9') {
      digits[i] = String(Number(digits[i]) + 1);
      return m[1]! + digits.join('');
    }
    digits[i] = '0';
  }
  return null;
}

/**
 * The next `count` serials starting with `first` (first included) and the serial after them, or
 * null for the serial after when the stock's format ends there. Throws when fewer than `count` valid
 * serials follow, which the caller turns into a refusal before anything is printed.
 */
export function consecutiveSerials(stock: StockConfig, first: string, count: number): { serials: string[]; after: string | null } {
  const serials: string[] = [];
  let s: string | null = first;
  for (let i = 0; i < count; i++) {
    if (s === null || serialProblem(stock, s) !== null) throw new RangeError(`only ${i} sheet serial(s) of the format ${describeSerialFormat(stock)} follow ${first}`);
    serials.push(s);
    s = incrementSerial(s);
  }
  if (s !== null && serialProblem(stock, s) !== null) s = null;
  return { serials, after: s };
}
