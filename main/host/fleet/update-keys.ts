import { createHash, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import createDebug from 'debug';
import { APP_ROOT } from '../version.js';
import { keyIdOf, parseEnvelope, publicKeyFromPem, signedMessage, type Envelope } from './update-signature.js';

const log = createDebug('kiosk:fleet:ota');

/** The release public key built into the app (packaged with it; see electron-builder.yml `files`). */
export const BUILTIN_UPDATE_KEY = join(APP_ROOT, 'build', 'update-keys', 'openkiosk-update.pub.pem');

/** A key rotation the kiosk accepted: the new public key and the envelope the then-current key signed. */
export interface KeyRotation {
  publicKeyPem: string;
  envelope: Envelope;
}

const MAX_ROTATIONS = 64;

/**
 * The one key updates must be signed with: the built-in key, moved on by each recorded rotation that
 * the key before it signed. The record lives in the data dir, which is writable, so every record is
 * verified again at each load: a forged record is ignored, never trusted.
 */
export class UpdateKeys {
  private key: KeyObject;
  private chain: KeyRotation[] = [];

  constructor(
    builtinPem: string,
    private readonly chainFile: string,
  ) {
    this.key = publicKeyFromPem(builtinPem);
    for (const r of this.readChain()) {
      const next = chainsFrom(this.key, r);
      if (next) {
        this.key = next;
        this.chain.push(r);
      } else log('key rotation to %s ignored: not signed by the current key %s', r.envelope?.keyId ?? '?', keyIdOf(this.key));
    }
  }

  /** From the app's built-in key file and `<dataDir>/fleet/update-keys.json`. */
  static load(dataDir: string, builtinFile = BUILTIN_UPDATE_KEY): UpdateKeys {
    return new UpdateKeys(readFileSync(builtinFile, 'utf8'), join(dataDir, 'fleet', 'update-keys.json'));
  }

  current(): KeyObject {
    return this.key;
  }

  currentId(): string {
    return keyIdOf(this.key);
  }

  /** Move to the key in a key package the current key signed (already verified by the caller, checked again here). */
  rotate(publicKeyPem: string, envelope: Envelope): string {
    const r: KeyRotation = { publicKeyPem, envelope };
    const next = chainsFrom(this.key, r);
    if (!next) throw new Error('key package is not signed by the current update key');
    if (this.chain.length >= MAX_ROTATIONS) throw new Error(`more than ${MAX_ROTATIONS} key rotations recorded`);
    this.chain.push(r);
    mkdirSync(dirname(this.chainFile), { recursive: true });
    const tmp = `${this.chainFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.chain, null, 1));
    renameSync(tmp, this.chainFile);
    this.key = next;
    return keyIdOf(next);
  }

  private readChain(): KeyRotation[] {
    if (!existsSync(this.chainFile)) return [];
    try {
      const v = JSON.parse(readFileSync(this.chainFile, 'utf8')) as unknown;
      return Array.isArray(v) ? (v.slice(0, MAX_ROTATIONS) as KeyRotation[]) : [];
    } catch (e) {
      log('key rotations unreadable, the built-in key stays: %s', (e as Error).message);
      return [];
    }
  }
}

/** The next key when `r` is a key package signed by `current`, else null. */
function chainsFrom(current: KeyObject, r: KeyRotation): KeyObject | null {
  try {
    if (typeof r?.publicKeyPem !== 'string') return null;
    const e = parseEnvelope(r.envelope);
    const pem = Buffer.from(r.publicKeyPem, 'utf8');
    if (e.kind !== 'key' || e.keyId !== keyIdOf(current) || e.size !== pem.length) return null;
    if (createHash('sha256').update(pem).digest('hex') !== e.sha256) return null;
    if (!verify(null, signedMessage(e), current, Buffer.from(e.signature, 'base64'))) return null;
    return publicKeyFromPem(r.publicKeyPem);
  } catch (err) {
    log('key rotation record refused: %s', (err as Error).message);
    return null;
  }
}
