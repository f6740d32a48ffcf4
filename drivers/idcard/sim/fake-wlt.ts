import { createHash } from 'node:crypto';

/**
 * A deterministic stand-in for the 1024-byte WLT photo block (reference §5). WLT is a proprietary
 * compressed/encrypted format that nothing here can produce or decode, so the simulator fills the
 * block with a SHA-256 counter stream of the card key: stable across runs, different per card,
 * and obviously not an image.
 */
export function fakeWltBlock(key: string): Uint8Array {
  const out = new Uint8Array(1024);
  for (let i = 0; i < 1024 / 32; i++) {
    out.set(createHash('sha256').update(`wlt:${key}:${i}`).digest(), i * 32);
  }
  return out;
}
