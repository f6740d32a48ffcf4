import { KioskError } from '../../../contracts/errors.js';
import { decodeResponse } from '../../../drivers/sscard/codec/apdu.js';
import { toHex } from './raw-console.js';

/**
 * The social security card's raw APDU console. Only the reading commands the reader itself sends
 * may go: SELECT, READ RECORD, GET RESPONSE, GET CHALLENGE. Anything else could change the card
 * (a write, a PIN try, an EXTERNAL AUTHENTICATE with a wrong cryptogram counts down the key's
 * tries until the card blocks it) and is refused before it reaches the card.
 */
const ALLOWED: Record<number, string> = {
  0xa4: 'SELECT',
  0xb2: 'READ RECORD',
  0xc0: 'GET RESPONSE',
  0x84: 'GET CHALLENGE',
};

const byte = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** The command as ISO 7816-4 short APDU parts; null when its length does not match Lc. */
function parts(apdu: Uint8Array): { cla: number; ins: number; p1: number; p2: number; data: Uint8Array; le: number | null } | null {
  if (apdu.length < 4) return null;
  const body = apdu.subarray(4);
  const base = { cla: apdu[0]!, ins: apdu[1]!, p1: apdu[2]!, p2: apdu[3]! };
  if (body.length === 0) return { ...base, data: new Uint8Array(0), le: null };
  if (body.length === 1) return { ...base, data: new Uint8Array(0), le: body[0]! };
  const lc = body[0]!;
  if (lc === 0 || (body.length !== 1 + lc && body.length !== 2 + lc)) return null;
  return { ...base, data: body.subarray(1, 1 + lc), le: body.length === 2 + lc ? body[1 + lc]! : null };
}

/** Throws `forbidden` unless the APDU is one well-formed reading command of the reader. */
export function checkSsCardApdu(apdu: Uint8Array): void {
  const c = parts(apdu);
  if (!c) throw new KioskError('bad-request', 'raw console: not a short command APDU (CLA INS P1 P2 [Lc data] [Le])');
  if (c.cla !== 0x00) throw new KioskError('forbidden', `raw console: CLA ${byte(c.cla)} refused; only the ISO class 00 commands the reader sends may go`);
  if (!ALLOWED[c.ins]) throw new KioskError('forbidden', `raw console: INS ${byte(c.ins)} refused; allowed: ${Object.entries(ALLOWED).map(([i, n]) => `${n} (${byte(Number(i))})`).join(', ')}`);
}

/** Status words a technician meets with this card (ISO 7816-4 and the 社会保障卡 spec's answers). */
export function swMeaning(sw: number): string {
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  if (sw === 0x9000) return 'success';
  if (sw1 === 0x61) return `${sw2 || 256} bytes wait: fetch them with GET RESPONSE (00 C0 00 00 ${byte(sw2)})`;
  if (sw1 === 0x6c) return `wrong Le: send the command again with Le ${byte(sw2)}`;
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return `verification failed, ${sw2 & 0x0f} tries left`;
  const known: Record<number, string> = {
    0x6281: 'part of the returned data may be corrupted',
    0x6283: 'selected file invalidated',
    0x6700: 'wrong length',
    0x6982: 'security status not satisfied (needs external authentication with a PSAM)',
    0x6983: 'authentication method blocked',
    0x6984: 'referenced data invalidated (no challenge to answer)',
    0x6985: 'conditions of use not satisfied',
    0x6986: 'command not allowed (no current EF)',
    0x6a81: 'function not supported',
    0x6a82: 'file or application not found',
    0x6a83: 'record not found',
    0x6a86: 'incorrect P1 P2',
    0x6a88: 'referenced data (key) not found',
    0x6b00: 'wrong parameters P1 P2',
    0x6d00: 'instruction not supported',
    0x6e00: 'class not supported',
    0x6f00: 'no precise diagnosis (card error)',
  };
  return known[sw] ?? 'unknown status';
}

/** What was sent, by the command's spec name. */
export function describeSsCardCommand(apdu: Uint8Array): string {
  const c = parts(apdu);
  if (!c) return 'sent: malformed APDU';
  const name = ALLOWED[c.ins] ?? `INS ${byte(c.ins)}`;
  let what = '';
  if (c.ins === 0xa4) what = c.p1 === 0x04 ? ' by DF name' : c.p1 === 0x02 ? ` EF ${toHex(c.data).replace(' ', '')}` : c.p1 === 0x00 ? ` ${toHex(c.data).replace(' ', '')}` : '';
  else if (c.ins === 0xb2) what = (c.p2 & 0x07) === 0x04 ? ` record ${c.p1} of ${c.p2 >> 3 ? `SFI ${byte(c.p2 >> 3)}` : 'the current EF'}` : '';
  return `sent: ${name}${what}${c.le === null ? '' : `, Le ${byte(c.le)}`}`;
}

/**
 * The card's answer as the console shows it: SW1 SW2 with its meaning and the data's length. The
 * data itself is withheld whatever the command: a READ RECORD answers with a name and a social
 * security number, and the console is no way around the masking.
 */
export function describeSsCardReply(reply: Uint8Array): { reply: string; decoded: string } {
  if (reply.length === 0) return { reply: '', decoded: 'no answer' };
  if (reply.length < 2) return { reply: `(${reply.length} byte, no status word)`, decoded: 'answer shorter than SW1 SW2' };
  const r = decodeResponse(reply);
  const status = toHex(reply.subarray(reply.length - 2));
  return {
    reply: r.data.length ? `(${r.data.length} data bytes withheld: card data) ${status}` : status,
    decoded: `reply: SW1 ${byte(r.sw >> 8)} SW2 ${byte(r.sw & 0xff)} ${swMeaning(r.sw)}; ${r.data.length} data bytes`,
  };
}
