import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Signed updates. A package is signed with Ed25519 by the release key; the kiosk trusts one public
 * key at a time (built into the app, rotatable by a key package signed with the current key).
 *
 * The signature travels in an envelope: a small JSON object naming what was signed (kind, title,
 * version, payload size, payload SHA-256, key id) plus the signature over those fields. A fleet
 * package carries it at its end (payload, envelope JSON, 4-byte big-endian envelope length, magic),
 * so the one file uploaded to ThingsBoard is the signed package; electron-updater's artefacts carry it
 * beside them as `<artefact>.sig` (the envelope JSON alone).
 */

export const ENVELOPE_FORMAT = 'openkiosk-update-signature/1';
/** The last 8 bytes of a signed package. */
export const TRAILER_MAGIC = Buffer.from('OKSIG/1\n', 'latin1');
/** An envelope is a few hundred bytes; anything much larger is not ours. */
const MAX_ENVELOPE_BYTES = 4096;

export type EnvelopeKind = 'package' | 'key';

export interface SignedFields {
  /** `package`: a build to install; `key`: the next release public key (PEM), signed by the current one. */
  kind: EnvelopeKind;
  title: string;
  version: string;
  /** Payload bytes (without the envelope). */
  size: number;
  /** SHA-256 of the payload, lower-case hex. */
  sha256: string;
  /** Id of the key that signed (see keyIdOf). */
  keyId: string;
}

export interface Envelope extends SignedFields {
  format: typeof ENVELOPE_FORMAT;
  /** Ed25519 signature over signedMessage(fields), base64. */
  signature: string;
}

export type VerifyResult = { ok: true; envelope: Envelope; payloadSize: number } | { ok: false; error: string };

/** The exact bytes that are signed: one field a line, in a fixed order, so no JSON canonicalisation is needed. */
export function signedMessage(f: SignedFields): Buffer {
  return Buffer.from([ENVELOPE_FORMAT, f.kind, f.title, f.version, String(f.size), f.sha256, f.keyId, ''].join('\n'), 'utf8');
}

/** First 16 hex digits of the SHA-256 of the key's DER (SPKI) form: names a key in envelopes and logs. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** An Ed25519 public key from PEM; anything else is refused (no RSA or EC keys sneak in). */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`update keys are Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function sha256File(file: string, length?: number): Promise<string> {
  const h = createHash('sha256');
  // createReadStream's `end` is inclusive, and cannot express "no bytes".
  if (length === 0) return Promise.resolve(h.digest('hex'));
  return new Promise((resolve, reject) => {
    createReadStream(file, length === undefined ? {} : { start: 0, end: length - 1 })
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Sign `fields` (without keyId: it is the private key's) with an Ed25519 private key. */
export function makeEnvelope(fields: Omit<SignedFields, 'keyId'>, privateKey: KeyObject): Envelope {
  const signed: SignedFields = { ...fields, keyId: keyIdOf(createPublicKey(privateKey)) };
  return { format: ENVELOPE_FORMAT, ...signed, signature: sign(null, signedMessage(signed), privateKey).toString('base64') };
}

/** The bytes appended to a payload to make a signed package. */
export function trailerOf(envelope: Envelope): Buffer {
  const json = Buffer.from(JSON.stringify(envelope), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([json, len, TRAILER_MAGIC]);
}

/** Check an untrusted object's shape; the error says which field is wrong. */
export function parseEnvelope(value: unknown): Envelope {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('signature envelope is not an object');
  const e = value as Record<string, unknown>;
  if (e.format !== ENVELOPE_FORMAT) throw new Error(`signature envelope format is not ${ENVELOPE_FORMAT}`);
  if (e.kind !== 'package' && e.kind !== 'key') throw new Error('signature envelope kind is not package or key');
  for (const k of ['title', 'version', 'sha256', 'keyId', 'signature'] as const) {
    if (typeof e[k] !== 'string' || (e[k] as string).length === 0 || (e[k] as string).length > 256) throw new Error(`signature envelope field ${k} is missing or too long`);
  }
  if (!/^[0-9a-f]{64}$/.test(e.sha256 as string)) throw new Error('signature envelope sha256 is not 64 hex digits');
  if (typeof e.size !== 'number' || !Number.isSafeInteger(e.size) || e.size < 0) throw new Error('signature envelope size is not a byte count');
  return e as unknown as Envelope;
}

/** Read the envelope at the end of a signed package; the payload is everything before it. */
export async function readTrailer(file: string): Promise<{ envelope: Envelope; payloadSize: number }> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tail = TRAILER_MAGIC.length + 4;
    if (size < tail) throw new Error('package is not signed (too short for a signature)');
    const end = Buffer.alloc(tail);
    await fh.read(end, 0, tail, size - tail);
    if (!end.subarray(4).equals(TRAILER_MAGIC)) throw new Error('package is not signed (no signature at its end)');
    const len = end.readUInt32BE(0);
    if (len === 0 || len > MAX_ENVELOPE_BYTES || len > size - tail) throw new Error(`package signature length ${len} out of range`);
    const json = Buffer.alloc(len);
    await fh.read(json, 0, len, size - tail - len);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch (e) {
      throw new Error(`package signature is not JSON: ${(e as Error).message}`, { cause: e });
    }
    return { envelope: parseEnvelope(parsed), payloadSize: size - tail - len };
  } finally {
    await fh.close();
  }
}

/**
 * Is `envelope` a valid signature by `key` over the first `payloadSize` bytes of `file`, of the kind
 * and (when given) title and version expected? The signature is checked before the payload is hashed,
 * so a wrongly signed package costs no read of its body.
 */
export async function verifyEnvelope(
  file: string,
  envelope: Envelope,
  payloadSize: number,
  key: KeyObject,
  expect: { kind: EnvelopeKind; title?: string; version?: string },
): Promise<VerifyResult> {
  const keyId = keyIdOf(key);
  if (envelope.keyId !== keyId) return { ok: false, error: `signed by key ${envelope.keyId.slice(0, 16)}, not the kiosk's update key ${keyId}` };
  let good: boolean;
  try {
    good = verify(null, signedMessage(envelope), key, Buffer.from(envelope.signature, 'base64'));
  } catch (e) {
    return { ok: false, error: `bad signature: ${(e as Error).message}` };
  }
  if (!good) return { ok: false, error: 'bad signature: it does not match the signed fields' };
  if (envelope.kind !== expect.kind) return { ok: false, error: `signed as a ${envelope.kind}, expected a ${expect.kind}` };
  if (expect.title !== undefined && envelope.title !== expect.title) return { ok: false, error: `signed for ${envelope.title}, announced as ${expect.title}` };
  if (expect.version !== undefined && envelope.version !== expect.version) return { ok: false, error: `signed as version ${envelope.version}, announced as ${expect.version}` };
  if (envelope.size !== payloadSize) return { ok: false, error: `signed payload is ${envelope.size} bytes, got ${payloadSize}` };
  if ((await sha256File(file, payloadSize)) !== envelope.sha256) return { ok: false, error: 'payload does not match its signature (SHA-256 differs): tampered or damaged' };
  return { ok: true, envelope, payloadSize };
}

/** A signed package (payload + envelope at its end), checked against `key`. */
export async function verifySignedPackage(file: string, key: KeyObject, expect: { kind: EnvelopeKind; title?: string; version?: string }): Promise<VerifyResult> {
  let t: { envelope: Envelope; payloadSize: number };
  try {
    t = await readTrailer(file);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  return verifyEnvelope(file, t.envelope, t.payloadSize, key, expect);
}
