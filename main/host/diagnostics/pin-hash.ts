import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { KioskError } from '../../../contracts/errors.js';

/**
 * Technician PIN hashes: `scrypt$N$r$p$saltB64$hashB64` (RFC 7914 scrypt, 16-byte salt, 32-byte
 * hash). Only the hash is in the config; `kiosk-diag pin-hash` makes one.
 */

/** The development PIN: accepted only when no hash is configured and every device is simulated. */
export const DEFAULT_SIM_PIN = '000000';

/** Work factors for new hashes: N = 2^14, r = 8, p = 1 (about 16 MiB, tens of ms). */
export const PIN_SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
/** Hashes from a config are bounded so a crafted file cannot make the host allocate gigabytes. */
const MAX_N = 1 << 20;

export interface ParsedPinHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(pin: string, salt: Buffer, o: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(pin.normalize('NFC'), salt, keyLength, options, (e, key) => (e ? reject(e) : resolve(key))));
}

/** A new hash of `pin` with a random salt. */
export async function hashPin(pin: string, o: { N: number; r: number; p: number } = PIN_SCRYPT): Promise<string> {
  if (!/^\d{4,12}$/.test(pin)) throw new KioskError('bad-request', 'a technician PIN is 4 to 12 digits');
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, o, KEY_BYTES);
  return `scrypt$${o.N}$${o.r}$${o.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Parse a stored hash; throws a `bad-request` KioskError naming what is wrong. */
export function parsePinHash(stored: string): ParsedPinHash {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new KioskError('bad-request', 'diagnostics.pinHash: expected scrypt$N$r$p$saltB64$hashB64');
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) throw new KioskError('bad-request', `diagnostics.pinHash: N must be a power of two up to ${MAX_N}`);
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) throw new KioskError('bad-request', 'diagnostics.pinHash: r must be 1–32 and p 1–16');
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) throw new KioskError('bad-request', 'diagnostics.pinHash: salt or hash too short');
  return { N, r, p, salt, hash };
}

/** Whether `pin` matches the stored hash (constant-time comparison). */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const h = parsePinHash(stored);
  const key = await derive(pin, h.salt, h, h.hash.length);
  return timingSafeEqual(key, h.hash);
}
