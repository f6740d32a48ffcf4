import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { KioskError } from '../contracts/errors.js';

/**
 * Where the outbox's 32-byte master key lives. The key is never stored in the database: a copy of
 * the database alone (a backup, a stolen disk image of the data folder) reveals nothing.
 */
export interface KeyStore {
  /** Human-readable place of the key, for logs and errors (a path, never key material). */
  readonly description: string;
  /** Returns the master key, creating and durably persisting a random one on first use. */
  loadOrCreateKey(): Promise<Uint8Array>;
}

/**
 * The key file `kiosk-diag queue …` and the browser host both use for a data directory: a sibling
 * of the directory, `<dataDir>.outbox-key` (e.g. `./data` → `./data.outbox-key`), so copying or
 * shipping the data folder does not carry the key with it. `KIOSK_OUTBOX_KEY_FILE` overrides.
 */
export function defaultKeyFilePath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.KIOSK_OUTBOX_KEY_FILE;
  if (override) return resolve(override);
  const abs = resolve(dataDir);
  return join(dirname(abs), `${basename(abs)}.outbox-key`);
}

/**
 * Browser-host key store: the key as 64 hex digits in a file created with mode 0600. A file that
 * group or others can read is refused rather than used (like ssh does with private keys).
 */
export function createFileKeyStore(path: string): KeyStore {
  const file = resolve(path);
  return {
    description: file,
    async loadOrCreateKey() {
      const existing = readIfExists(file);
      const text = existing ?? createOnce(file, Buffer.from(randomBytes(32).toString('hex') + '\n', 'ascii'));
      checkPrivate(file);
      const hex = text.toString('ascii').trim();
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new KioskError('internal', `outbox key file ${file} does not hold a 256-bit hex key`);
      return Uint8Array.from(Buffer.from(hex, 'hex'));
    },
  };
}

/**
 * The shape of Electron's `safeStorage` this key store needs. Pass Electron's functions in (sync or
 * async variants both fit); offline-queue/ never imports electron, so it runs and tests in plain Node.
 */
export interface SafeStorageLike {
  encryptString(plainText: string): Buffer | Uint8Array | Promise<Buffer | Uint8Array>;
  decryptString(encrypted: Buffer): string | Promise<string>;
  /** When present and false, the key store refuses to run (no OS secret store). */
  isEncryptionAvailable?(): boolean | Promise<boolean>;
}

/**
 * Electron key store: a random 32-byte key, wrapped by the OS (Keychain, DPAPI, libsecret) through
 * `safeStorage`, kept in `path` (mode 0600). The host should also refuse Linux's `basic_text`
 * backend (`safeStorage.getSelectedStorageBackend()`), which is plaintext in disguise.
 */
export function createSafeStorageKeyStore(path: string, safeStorage: SafeStorageLike): KeyStore {
  const file = resolve(path);
  return {
    description: `${file} (safeStorage)`,
    async loadOrCreateKey() {
      if (safeStorage.isEncryptionAvailable && !(await safeStorage.isEncryptionAvailable())) {
        throw new KioskError('not-available', 'safeStorage has no OS secret store; cannot protect the outbox key');
      }
      let wrapped = readIfExists(file);
      if (!wrapped) {
        const fresh = Buffer.from(await safeStorage.encryptString(randomBytes(32).toString('base64')));
        wrapped = createOnce(file, fresh);
      }
      checkPrivate(file);
      const b64 = await safeStorage.decryptString(wrapped);
      const key = Buffer.from(b64, 'base64');
      if (key.length !== 32) throw new KioskError('internal', `outbox key in ${file} did not unwrap to 32 bytes`);
      return Uint8Array.from(key);
    },
  };
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Create the file atomically and durably: write a private temp file, fsync it, then link() it into
 * place (link fails if another process won the race, in which case the winner's key is used), then
 * fsync the directory so the name survives power loss.
 */
function createOnce(file: string, content: Buffer): Buffer {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    unlinkSync(tmp);
    return readFileSync(file);
  }
  unlinkSync(tmp);
  fsyncDir(dirname(file));
  return content;
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function checkPrivate(file: string): void {
  if (process.platform === 'win32') return; // POSIX modes do not apply; ACLs are the installer's job
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new KioskError('forbidden', `outbox key file ${file} has mode ${mode.toString(8)}; it must be 0600 (chmod 600 it)`);
  }
}
