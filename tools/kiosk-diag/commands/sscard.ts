import { KioskError } from '../../../contracts/errors.js';
import { maskCardNumber, maskIdNumber, maskName } from '../../../contracts/mask.js';
import type { SsCardRead } from '../../../contracts/sscard.js';
import { maskRead, readLink } from '../../../drivers/sscard/reader/read-link.js';
import { PcscContext } from '../../../drivers/sscard/transport/pcsc.js';
import { parse, positiveInt, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag sscard [--reader NAME] [--reveal] [--apdu-timeout MS] --json` (docs/protocol.md §7):
 * reads the card in a PC/SC reader through the system's PC/SC service (the first reader with a
 * card unless --reader names one) and prints it; ssn, card number and name are masked unless
 * --reveal. A bank, blank or unknown card is a read too (exit 0, no holder fields). Exit 4: no
 * PC/SC service, no reader, no card, or the card left mid-read. Only SELECT and READ RECORD are
 * sent: never a PIN, never a write.
 */
export const USAGE = 'usage: kiosk-diag sscard [--reader NAME] [--reveal] [--apdu-timeout MS] [--json]';

export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parse(ctx.argv, {
    reader: { type: 'string' },
    reveal: { type: 'boolean', default: false },
    'apdu-timeout': { type: 'string', default: '3000' },
  });
  const apduTimeoutMs = positiveInt(values['apdu-timeout'], '--apdu-timeout');
  const pcsc = PcscContext.open();
  try {
    const readers = pcsc.readers();
    if (readers.length === 0) throw new KioskError('device-offline', 'no PC/SC reader is connected', true);
    let reader;
    if (values.reader !== undefined) {
      reader = readers.find((r) => r.name === values.reader);
      if (!reader) throw new KioskError('device-offline', `no reader "${values.reader}" (readers: ${readers.map((r) => r.name).join(', ')})`, true);
      if (!reader.present) throw new KioskError('card-removed', `no card in "${reader.name}"`, true);
    } else {
      reader = readers.find((r) => r.present);
      if (!reader) throw new KioskError('card-removed', `no card in any reader (${readers.map((r) => r.name).join(', ')})`, true);
    }
    const link = await pcsc.connect(reader.name, apduTimeoutMs);
    let read: SsCardRead;
    try {
      read = await readLink(link, apduTimeoutMs);
    } finally {
      link.close();
    }
    const shown = values.reveal ? read : maskRead(read, { name: maskName, id: maskIdNumber, card: maskCardNumber });
    if (ctx.json) ctx.out(shown);
    else print(ctx, shown);
    return 0;
  } finally {
    pcsc.close();
  }
}

function print(ctx: CommandContext, r: SsCardRead): void {
  ctx.print(`reader:    ${r.reader}`);
  ctx.print(`ATR:       ${r.atr}`);
  ctx.print(`card:      ${r.cardType}`);
  if (r.cardType !== 'sscard') {
    ctx.print(r.cardType === 'bank' ? 'a bank card, not a social security card' : r.cardType === 'blank' ? 'a blank card' : 'not a social security card');
    return;
  }
  for (const k of ['name', 'ssn', 'cardNumber', 'gender', 'nation', 'birthDate', 'issuingArea', 'issueDate', 'validUntil', 'specVersion'] as const) {
    ctx.print(`${k.padEnd(10)} ${r[k] ?? '-'}`);
  }
  if (r.psamRequired.length) ctx.print(`withheld without a PSAM: ${r.psamRequired.join(', ')}`);
}
