/**
 * The case number a citizen reads, says over the phone and finds on the receipt: the kiosk's
 * prefix, 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V is kept, U is
 * dropped), and one check character (Luhn mod N, which catches every single wrong character and
 * most swapped neighbours), e.g. `K03-7HXQ-M4RP-C`. It is derived from the submission's UUIDv7 (its
 * last 48 bits are random), so host, renderer and receipt agree without storing anything; the UUID
 * stays the idempotency key.
 */
export const CASE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = CASE_ALPHABET.length; // 30
const BODY = 8;

/** The prefix from the kiosk id's last part (`hall-01-k03` → `K03`): up to 4 letters and digits. */
export function kioskPrefix(kioskId: string): string {
  const last = kioskId.split(/[-_.:/\s]+/).filter(Boolean).at(-1) ?? '';
  const p = last.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(-4);
  return p || 'K';
}

/** Luhn mod N check character over `body` (every character must be in the alphabet). */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const cp = CASE_ALPHABET.indexOf(body[i]!);
    if (cp < 0) throw new RangeError(`"${body[i]}" is not a case-number character`);
    let addend = factor * cp;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CASE_ALPHABET[(N - (sum % N)) % N]!;
}

/** The short case number of submission `uuid` on kiosk `kioskId`. */
export function shortCaseNumber(uuid: string, kioskId: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new RangeError('not a UUID');
  let v = BigInt(`0x${hex.slice(-12)}`); // the last 48 bits: random in a UUIDv7
  let body = '';
  for (let i = 0; i < BODY; i++) {
    body = CASE_ALPHABET[Number(v % BigInt(N))]! + body;
    v /= BigInt(N);
  }
  return `${kioskPrefix(kioskId)}-${body.slice(0, 4)}-${body.slice(4)}-${checkCharacter(body)}`;
}

/** Is `text` a well-formed case number with the right check character? (Spaces, dashes and case are ignored.) */
export function isValidCaseNumber(text: string): boolean {
  const m = /^([A-Z0-9]{1,4})-?([A-Z0-9]{4})-?([A-Z0-9]{4})-?([A-Z0-9])$/.exec(text.toUpperCase().replace(/\s+/g, ''));
  if (!m) return false;
  const body = m[2]! + m[3]!;
  if ([...body, m[4]!].some((c) => !CASE_ALPHABET.includes(c))) return false;
  return checkCharacter(body) === m[4];
}
