import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { KioskError } from '../../../contracts/errors.js';

/**
 * Exports that leave the kiosk on a removable drive (dead-lettered submissions hold personal data)
 * are sealed with a passphrase the technician types: key = scrypt(passphrase, salt, N=2^15, r=8,
 * p=1, 32 bytes), AES-256-GCM with a 12-byte IV, the format name as AAD. The file is JSON:
 * `{"format":"openkiosk-export-v1","kdf":{"name":"scrypt","N","r","p","salt"},"cipher":"aes-256-gcm","iv","tag","data"}`
 * (binary fields base64). `kiosk-diag decrypt-export --in FILE` opens it on a service laptop.
 */
export const EXPORT_FORMAT = 'openkiosk-export-v1';
const KDF = { N: 32768, r: 8, p: 1 } as const;

export interface SealedExport {
  format: typeof EXPORT_FORMAT;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

function deriveKey(passphrase: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...o, maxmem: 256 * o.N * o.r + 1024 * 1024 }, (e, k) => (e ? reject(e) : resolve(k))),
  );
}

export async function sealExport(plaintext: Buffer, passphrase: string): Promise<SealedExport> {
  if (passphrase.length < 8) throw new KioskError('bad-request', 'export passphrase: at least 8 characters');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, KDF);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(EXPORT_FORMAT));
  const data = Buffer.concat([c.update(plaintext), c.final()]);
  return {
    format: EXPORT_FORMAT,
    kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Open a sealed export; a wrong passphrase or a changed file is a `bad-request` KioskError. */
export async function openExport(sealed: SealedExport, passphrase: string): Promise<Buffer> {
  if (sealed.format !== EXPORT_FORMAT || sealed.cipher !== 'aes-256-gcm' || sealed.kdf?.name !== 'scrypt') throw new KioskError('bad-request', `not an ${EXPORT_FORMAT} file`);
  const { N, r, p } = sealed.kdf;
  if (!Number.isInteger(N) || N > 1 << 20 || r > 32 || p > 16) throw new KioskError('bad-request', 'export: scrypt parameters out of range');
  const key = await deriveKey(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), { N, r, p });
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  d.setAAD(Buffer.from(EXPORT_FORMAT));
  d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([d.update(Buffer.from(sealed.data, 'base64')), d.final()]);
  } catch (e) {
    throw new KioskError('bad-request', 'export: wrong passphrase or the file was changed', false, { cause: e });
  }
}
