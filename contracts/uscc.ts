/**
 * Unified Social Credit Code (统一社会信用代码) check per GB 32100-2015: 18 characters from a
 * 31-symbol alphabet (no I, O, S, V, Z); the 18th is a mod-31 check character over the first 17
 * with weights 3^(i−1) mod 31. Pure, shared by host, renderer and the license flow.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Trim, fold full-width ASCII to half-width and upper-case, as the standard's explanatory notes advise. */
export function normaliseUscc(input: string): string {
  return input
    .trim()
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

/** The check character for the first 17 characters, or null when they are not valid symbols. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

/** Result of {@link checkUscc}: `normalised` is the code after {@link normaliseUscc}. */
export interface UsccCheck {
  valid: boolean;
  normalised: string;
  /** `format`: wrong length or symbol; `check-char`: well-formed but the 18th character is wrong. */
  reason: 'format' | 'check-char' | null;
  expectedCheckChar: string | null;
}

export function checkUscc(input: string): UsccCheck {
  const s = normaliseUscc(input);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) {
    return { valid: false, normalised: s, reason: 'format', expectedCheckChar: null };
  }
  const expected = usccCheckChar(s.slice(0, 17));
  if (expected !== s[17]) return { valid: false, normalised: s, reason: 'check-char', expectedCheckChar: expected };
  return { valid: true, normalised: s, reason: null, expectedCheckChar: expected };
}

export function isValidUscc(input: string): boolean {
  return checkUscc(input).valid;
}
