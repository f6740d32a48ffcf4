import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { hkdf as sm3Hkdf, sm4 } from 'sm-crypto-v2';
import { KioskError } from '../contracts/errors.js';

/**
 * Authenticated encryption of submission bodies at rest.
 *
 * Sealed record layout (one BLOB per row):
 *
 *   [0]      format version, 1
 *   [1]      algorithm: 1 = AES-256-GCM, 2 = SM4-GCM (RFC 8998 / GB/T 38636 GCM with the SM4 block)
 *   [2..13]  96-bit random nonce (NIST SP 800-38D §8.2.2: never repeats under one key)
 *   [14..29] 128-bit GCM tag
 *   [30..]   ciphertext
 *
 * The two header bytes and the row's id + serviceId are the AAD, so a ciphertext copied to another
 * row, or a flipped header byte, fails authentication exactly like a flipped ciphertext bit.
 * Rows say which algorithm sealed them, so changing the configured cipher never strands old rows.
 */
export type CipherName = 'aes-256-gcm' | 'sm4-gcm';
export const CIPHER_NAMES: readonly CipherName[] = ['aes-256-gcm', 'sm4-gcm'];

const FORMAT_VERSION = 1;
const ALG_ID: Record<CipherName, number> = { 'aes-256-gcm': 1, 'sm4-gcm': 2 };
const NONCE_LEN = 12;
const TAG_LEN = 16;
const HEADER_LEN = 2 + NONCE_LEN + TAG_LEN;

/**
 * A stored payload failed authentication (tampered, truncated, moved to another row, or sealed with
 * another key). It is reported, never decrypted to garbage. Recognise it by `name`.
 */
export class PayloadIntegrityError extends KioskError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, false, options);
    this.name = 'PayloadIntegrityError';
  }
}

/** Seals and opens submission bodies with keys derived from one 32-byte master key. */
export interface PayloadSealer {
  /** The algorithm new records are sealed with. */
  readonly cipher: CipherName;
  seal(plain: Uint8Array, context: string): Buffer;
  /** @throws PayloadIntegrityError when the record does not authenticate. */
  open(sealed: Uint8Array, context: string): Buffer;
}

/**
 * Build a sealer. The master key never encrypts directly: each algorithm gets its own key by HKDF
 * (HKDF-SHA-256 for AES, HKDF-SM3 for SM4, so an SM4 deployment uses national algorithms end to end).
 */
export function createPayloadSealer(masterKey: Uint8Array, cipher: CipherName = 'aes-256-gcm'): PayloadSealer {
  if (masterKey.length !== 32) throw new KioskError('internal', `outbox key must be 32 bytes, got ${masterKey.length}`);
  if (!CIPHER_NAMES.includes(cipher)) throw new KioskError('bad-request', `unknown outbox cipher "${String(cipher)}"`);
  const aesKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'kiosk-outbox/v1/aes-256-gcm', 32));
  const sm4Key = Uint8Array.from(sm3Hkdf(masterKey, undefined, 'kiosk-outbox/v1/sm4-gcm', 16));

  return {
    cipher,
    seal(plain, context) {
      const header = Buffer.from([FORMAT_VERSION, ALG_ID[cipher]]);
      const nonce = randomBytes(NONCE_LEN);
      const aad = Buffer.concat([header, Buffer.from(context, 'utf8')]);
      let ct: Buffer;
      let tag: Buffer;
      if (cipher === 'aes-256-gcm') {
        const c = createCipheriv('aes-256-gcm', aesKey, nonce, { authTagLength: TAG_LEN });
        c.setAAD(aad);
        ct = Buffer.concat([c.update(plain), c.final()]);
        tag = c.getAuthTag();
      } else {
        const r = sm4.encrypt(plain, sm4Key, { mode: 'gcm', iv: nonce, associatedData: aad, output: 'array', outputTag: true, padding: 'none' });
        if (!r.tag || r.tag.length !== TAG_LEN) throw new KioskError('internal', 'SM4-GCM produced no 128-bit tag');
        ct = Buffer.from(r.output);
        tag = Buffer.from(r.tag);
      }
      return Buffer.concat([header, nonce, tag, ct]);
    },
    open(sealed, context) {
      const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (buf.length < HEADER_LEN) throw new PayloadIntegrityError(`sealed payload is truncated (${buf.length} bytes)`);
      if (buf[0] !== FORMAT_VERSION) throw new PayloadIntegrityError(`sealed payload has unknown format version ${buf[0]}`);
      const header = buf.subarray(0, 2);
      const nonce = buf.subarray(2, 2 + NONCE_LEN);
      const tag = buf.subarray(2 + NONCE_LEN, HEADER_LEN);
      const ct = buf.subarray(HEADER_LEN);
      const aad = Buffer.concat([header, Buffer.from(context, 'utf8')]);
      try {
        if (buf[1] === ALG_ID['aes-256-gcm']) {
          const d = createDecipheriv('aes-256-gcm', aesKey, nonce, { authTagLength: TAG_LEN });
          d.setAAD(aad);
          d.setAuthTag(tag);
          // Nothing from update() is used unless final() authenticates the whole record.
          return Buffer.concat([d.update(ct), d.final()]);
        }
        if (buf[1] === ALG_ID['sm4-gcm']) {
          // sm-crypto-v2 checks the tag before it returns any plaintext.
          const out = sm4.decrypt(Uint8Array.from(ct), sm4Key, { mode: 'gcm', iv: Uint8Array.from(nonce), associatedData: Uint8Array.from(aad), tag: Uint8Array.from(tag), output: 'array', padding: 'none' });
          return Buffer.from(out);
        }
      } catch (e) {
        throw new PayloadIntegrityError('sealed payload failed authentication (tampered, moved or sealed with another key)', { cause: e });
      }
      throw new PayloadIntegrityError(`sealed payload names unknown algorithm ${buf[1]}`);
    },
  };
}

/**
 * A short, non-secret fingerprint of the master key, stored in the database so that opening it with
 * the wrong key (a lost or replaced key file) fails at once instead of dead-lettering every row.
 */
export function keyFingerprint(masterKey: Uint8Array): string {
  return createHmac('sha256', masterKey).update('kiosk-outbox/v1/key-check').digest('hex').slice(0, 32);
}
