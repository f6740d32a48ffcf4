import type { IdCard } from '../../../contracts/devices.js';
import { KioskError } from '../../../contracts/errors.js';
import { maskIdNumber, maskName } from '../../../contracts/mask.js';
import { IdCardReader } from '../../../drivers/idcard/reader/idcard-reader.js';
import { SerialTransport } from '../../../drivers/idcard/transport/serial-transport.js';
import { parse, UsageError, type CommandContext, positiveInt } from '../cli.js';

/**
 * `kiosk-diag idcard --port PATH [--baud 115200] [--timeout MS] [--reveal] --json`
 * Waits for a card, reads it once (20 01 → 20 02 → 30 01) and prints it (docs/protocol.md §3).
 * Names, numbers and the address are masked unless --reveal. Exit 3: no card in time; 4: device
 * or protocol error.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parse(ctx.argv, {
    port: { type: 'string' },
    baud: { type: 'string', default: '115200' },
    timeout: { type: 'string', default: '30000' },
    reveal: { type: 'boolean', default: false },
  });
  if (!values.port) throw new UsageError('--port PATH is required');
  const baudRate = positiveInt(values.baud, '--baud');
  const timeoutMs = positiveInt(values.timeout, '--timeout');

  const reader = new IdCardReader({
    transport: 'serial',
    createTransport: async () => new SerialTransport({ path: values.port!, baudRate }),
  });
  try {
    await reader.open();
    const status = reader.status();
    if (status.state === 'offline') {
      throw new KioskError('device-offline', status.lastError?.message ?? `cannot open ${values.port}`, true);
    }
    if (!ctx.json) ctx.log(`waiting up to ${timeoutMs} ms for a card on ${values.port}…`);
    const card = await reader.readCard({ timeoutMs });
    const shown = values.reveal ? card : maskCard(card);
    if (ctx.json) ctx.out(shown);
    else printCard(ctx, shown);
    return 0;
  } finally {
    await reader.dispose();
  }
}

/**
 * Without --reveal: names and numbers masked (contracts/mask.ts), the address cut to its region, the
 * birth date cut to its year (with the number masked, the full date would narrow the person down)
 * and no photo (a face is biometric data; the WLT block stays on the reader's side of the command).
 */
export function maskCard(card: IdCard): IdCard {
  return {
    ...card,
    birthDate: maskBirthDate(card.birthDate),
    photo: null,
    name: maskName(card.name),
    englishName: card.englishName === null ? null : maskName(card.englishName),
    idNumber: maskIdNumber(card.idNumber),
    passNumber: card.passNumber === null ? null : maskIdNumber(card.passNumber),
    address: card.address === null ? null : maskAddress(card.address),
  };
}

/** `1990-01-31` → `1990-**-**`; anything else is starred whole. */
function maskBirthDate(date: string): string {
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec(date);
  return m ? `${m[1]}-**-**` : '*'.repeat(date.length);
}

function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.slice(0, 6).join('') + '*'.repeat(Math.max(0, chars.length - 6));
}

function printCard(ctx: CommandContext, c: IdCard): void {
  const rows: [string, string | null][] = [
    ['card type', c.cardType],
    ['name', c.name],
    ['english name', c.englishName],
    ['gender', `${c.gender} (${c.genderCode})`],
    ['nation', c.nation === null ? null : `${c.nation} (${c.nationCode})`],
    ['birth date', c.birthDate],
    ['address', c.address],
    ['number', c.idNumber],
    ['issuer', c.issuer],
    ['valid', `${c.validFrom} – ${c.validTo}`],
    ['nationality', c.nationality],
    ['pass number', c.passNumber],
    ['issue count', c.issueCount],
    ['photo', c.photo ? `WLT, ${Buffer.from(c.photo.base64, 'base64').length} bytes (needs a vendor decoder)` : null],
    ['warnings', c.warnings.length ? c.warnings.join(', ') : null],
  ];
  for (const [k, v] of rows) if (v !== null) process.stdout.write(`${k.padEnd(13)} ${v}\n`);
}
