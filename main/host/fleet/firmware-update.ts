import { createHash } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import createDebug from 'debug';
import { UpdateKeys } from './update-keys.js';
import { keyIdOf, publicKeyFromPem, readTrailer, verifyEnvelope, type Envelope } from './update-signature.js';

const log = createDebug('kiosk:fleet:ota');

/**
 * Staged updates through ThingsBoard's OTA (user-guide/ota-updates): the shared attributes
 * `fw_title`, `fw_version`, `fw_checksum`, `fw_checksum_algorithm`, `fw_size` announce a package;
 * the kiosk downloads it in chunks (`v2/fw/request/{req}/chunk/{n}` → `v2/fw/response/{req}/chunk/{n}`),
 * checks the checksum (SHA-256 or stronger) and the Ed25519 signature at its end
 * (update-signature.ts), installs only when idle, and reports `fw_state` (DOWNLOADING, DOWNLOADED,
 * VERIFIED, UPDATING, UPDATED, FAILED + `fw_error`) at each stage. One download at a time: a newer
 * announcement cancels the one in progress, which then reports nothing. Rolling a broken build back
 * is the launcher's job (it outlives the build); this reports what the launcher did.
 */

/** Hands a verified package to the shell, which knows how it is installed. */
export interface FirmwareInstaller {
  /** The release public key (Ed25519, PEM) built into this app: updates must be signed by it or its rotated successor. */
  updateKeyPem: string;
  /** Why this shell cannot install a fleet update, or null; asked before anything is downloaded. */
  unavailable(): string | null;
  /** Install a verified build (`sha256` is the signed one); the kiosk then restarts into it. */
  install(file: string, target: { title: string; version: string; sha256: string }): Promise<void>;
  /** Why the launcher went back to the previous build since the last start (read once), or null. */
  rolledBack(): string | null;
}

export interface FirmwareTarget {
  title: string;
  version: string;
  checksum: string;
  algorithm: string;
  size: number;
}

/** Written before the install; read at the next start to confirm the update or report its rollback. */
export interface PendingUpdate {
  title: string;
  fromVersion: string;
  toVersion: string;
  at: string;
}

const CHUNK_BYTES = 32 * 1024;
const CHUNK_TIMEOUT_MS = 20_000;
const CHUNK_TRIES = 3;
const MAX_FIRMWARE_BYTES = 1 << 30;
/** A key package is one PEM public key. */
const MAX_KEY_PACKAGE_BYTES = 4096;

export interface FirmwareUpdaterOptions {
  dataDir: string;
  currentVersion: string;
  installer: FirmwareInstaller | null;
  idle(): boolean;
  requestChunk(requestId: number, chunk: number, size: number): Promise<void>;
  report(values: Record<string, unknown>): void;
  onState(fw: { state: string; title: string | null; version: string | null; error: string | null; at: string }): void;
  audit(action: string, ok: boolean, detail: string): void;
  /** How long a new version must run before it counts as healthy, ms (default 120 s). */
  healthyAfterMs?: number;
  /** Chunk answer timeout, ms (tests). */
  chunkTimeoutMs?: number;
}

/** The package itself is unacceptable (not a transient failure): the same announcement is not fetched again. */
class Refused extends Error {}

class Superseded extends Error {
  constructor() {
    super('superseded by a newer announcement');
  }
}

interface Run {
  target: FirmwareTarget;
  abort: AbortController;
  done: Promise<void>;
}

export class FirmwareUpdater {
  private target: Partial<FirmwareTarget> = {};
  private run: Run | null = null;
  private requestId = 0;
  private waiting: { key: string; resolve(b: Buffer): void; reject(e: Error): void; timer: NodeJS.Timeout } | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private refused: string | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private title: string;
  private readonly dir: string;
  private readonly keys: UpdateKeys | null = null;
  private readonly keyError: string | null = null;

  constructor(private readonly o: FirmwareUpdaterOptions) {
    this.dir = join(o.dataDir, 'fleet', 'firmware');
    this.title = this.readPending()?.title ?? 'openkiosk';
    try {
      if (o.installer) this.keys = new UpdateKeys(o.installer.updateKeyPem, join(o.dataDir, 'fleet', 'update-keys.json'));
    } catch (e) {
      this.keyError = `the update key built into this app is unusable, so no update can be verified: ${(e as Error).message}`;
    }
    this.removeLeftovers();
  }

  private get pendingFile(): string {
    return join(this.dir, 'pending.json');
  }

  /** Packages of an earlier run (interrupted, failed or installed) are of no further use. */
  private removeLeftovers(): void {
    if (!existsSync(this.dir)) return;
    for (const f of readdirSync(this.dir)) if (f.endsWith('.bin')) rmSync(join(this.dir, f), { force: true });
  }

  private readPending(): PendingUpdate | null {
    try {
      return existsSync(this.pendingFile) ? (JSON.parse(readFileSync(this.pendingFile, 'utf8')) as PendingUpdate) : null;
    } catch (e) {
      log('pending update unreadable: %s', (e as Error).message);
      return null;
    }
  }

  /** What ThingsBoard's firmware dashboard shows for this device. */
  currentValues(): Record<string, unknown> {
    return { current_fw_title: this.title, current_fw_version: this.o.currentVersion };
  }

  private state(state: string, error: string | null = null, t: Partial<FirmwareTarget> = this.target): void {
    log('fw_state %s %s', state, error ?? '');
    this.o.report({ ...this.currentValues(), fw_state: state, ...(error ? { fw_error: error } : {}) });
    this.o.onState({ state, title: t.title ?? null, version: t.version ?? null, error, at: new Date().toISOString() });
    if (state === 'FAILED' || state === 'UPDATED') this.o.audit('fleet.firmware', state === 'UPDATED', `${t.title ?? ''} ${t.version ?? ''} ${error ?? ''}`.trim().slice(0, 300));
  }

  /** At start: report what became of a pending update (installed and healthy, or rolled back by the launcher). */
  resumeAfterStart(): void {
    const p = this.readPending();
    if (!p) return;
    const t = { title: p.title, version: p.toVersion };
    const rolledBack = this.o.installer?.rolledBack() ?? null;
    if (rolledBack || this.o.currentVersion !== p.toVersion) {
      this.clearPending();
      this.state('FAILED', (rolledBack ? `${p.toVersion}: ${rolledBack}` : `still running ${this.o.currentVersion} after installing ${p.toVersion}`).slice(0, 300), t);
      return;
    }
    const timer = setTimeout(() => {
      if (this.stopped) return;
      this.clearPending();
      this.state('UPDATED', null, t);
    }, this.o.healthyAfterMs ?? 120_000);
    timer.unref();
    this.timers.push(timer);
  }

  private clearPending(): void {
    rmSync(this.pendingFile, { force: true });
  }

  /** Shared attributes pushed or answered: start when a complete, different package is announced. */
  onAttributes(a: Record<string, unknown>, _opts: { fromRequest?: boolean } = {}): void {
    const t = this.target;
    if (typeof a.fw_title === 'string') t.title = a.fw_title.slice(0, 64);
    if (typeof a.fw_version === 'string') t.version = a.fw_version.slice(0, 64);
    if (typeof a.fw_checksum === 'string') t.checksum = a.fw_checksum.toLowerCase().slice(0, 256);
    if (typeof a.fw_checksum_algorithm === 'string') t.algorithm = a.fw_checksum_algorithm.toUpperCase().slice(0, 32);
    if (typeof a.fw_size === 'number') t.size = a.fw_size;
    if (!t.title || !t.version || !t.checksum || t.size === undefined || this.stopped) return;
    if (t.version === this.o.currentVersion || this.readPending()?.toVersion === t.version) return;
    const target: FirmwareTarget = { title: t.title, version: t.version, checksum: t.checksum, algorithm: t.algorithm ?? 'SHA256', size: t.size };
    const same = (x: FirmwareTarget) => x.title === target.title && x.version === target.version && x.checksum === target.checksum && x.size === target.size;
    if (this.run && same(this.run.target)) return;
    // A package refused on its merits is not downloaded again when a reconnect re-announces it.
    if (this.refused === targetKey(target)) return;
    // Where nothing can install it (the browser host, a build not started by the launcher), nothing
    // is downloaded: said once per announcement.
    const unavailable = this.o.installer ? (this.keyError ?? this.o.installer.unavailable()) : 'this shell has no installer for fleet updates (the browser host)';
    if (unavailable) {
      this.refused = targetKey(target);
      this.state('FAILED', unavailable.slice(0, 300), target);
      return;
    }
    // The newest announcement wins: the one in progress is cancelled (silently) and the new one
    // starts once it has cleaned up.
    const prev = this.run;
    prev?.abort.abort(new Superseded());
    const abort = new AbortController();
    const run: Run = { target, abort, done: Promise.resolve() };
    run.done = (prev?.done ?? Promise.resolve()).then(() => this.download(target, abort.signal)).finally(() => {
      if (this.run === run) this.run = null;
    });
    this.run = run;
  }

  private async download(t: FirmwareTarget, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.stopped) return;
    const file = join(this.dir, `${safeName(t.title)}-${safeName(t.version)}.bin`);
    let pendingWritten = false;
    try {
      if (!Number.isInteger(t.size) || t.size <= 0 || t.size > MAX_FIRMWARE_BYTES) throw new Refused(`fw_size ${t.size} out of range`);
      if (!HASHES[t.algorithm]) {
        throw new Refused(WEAK.has(t.algorithm) ? `checksum algorithm ${t.algorithm} is too weak: use SHA256, SHA384 or SHA512` : `unsupported checksum algorithm ${t.algorithm}: use SHA256, SHA384 or SHA512`);
      }
      mkdirSync(this.dir, { recursive: true });
      // The package must not fill the disk the outbox and the logs live on.
      const fs = await statfs(this.dir);
      if (fs.bavail * fs.bsize < t.size * 2 + 256 * 1024 * 1024) throw new Error(`not enough free disk for a ${t.size}-byte package`);
      rmSync(file, { force: true });
      this.state('DOWNLOADING', null, t);
      const req = ++this.requestId;
      let got = 0;
      for (let n = 0; got < t.size; n++) {
        // Always the same chunk size: ThingsBoard serves chunk n from offset n × size, so a smaller
        // last request would be answered from the wrong offset.
        const chunk = await this.fetchChunk(req, n, CHUNK_BYTES, signal);
        if (chunk.length === 0) break;
        got += chunk.length;
        if (got > t.size) throw new Error(`package larger than fw_size ${t.size}`);
        appendFileSync(file, chunk);
      }
      if (got !== t.size) throw new Error(`got ${got} bytes, fw_size is ${t.size}`);
      signal.throwIfAborted();
      this.state('DOWNLOADED', null, t);
      const sum = await HASHES[t.algorithm]!(file);
      if (sum !== t.checksum) throw new Refused(`checksum mismatch (${t.algorithm})`);
      const envelope = await this.verifySignature(file, t).catch((e: unknown) => {
        throw new Refused((e as Error).message, { cause: e });
      });
      signal.throwIfAborted();
      if (envelope.kind === 'key') {
        this.state('VERIFIED', null, t);
        const id = this.keys!.rotate(readFileSync(file).subarray(0, envelope.size).toString('utf8'), envelope);
        this.o.audit('fleet.update-key', true, `update key rotated to ${id}`);
        this.state('UPDATED', null, t);
        return;
      }
      // What is installed is the payload alone, without the signature at its end.
      truncateSync(file, envelope.size);
      this.state('VERIFIED', null, t);
      await this.untilIdle(signal);
      signal.throwIfAborted();
      if (this.stopped) return;
      this.state('UPDATING', null, t);
      writeFileSync(this.pendingFile, JSON.stringify({ title: t.title, fromVersion: this.o.currentVersion, toVersion: t.version, at: new Date().toISOString() } satisfies PendingUpdate));
      pendingWritten = true;
      await this.o.installer!.install(file, { title: t.title, version: t.version, sha256: envelope.sha256 });
    } catch (e) {
      if (pendingWritten) this.clearPending();
      if (signal.aborted) log('%s %s: %s', t.title, t.version, (signal.reason as Error)?.message ?? 'cancelled');
      else if (!this.stopped) {
        if (e instanceof Refused) this.refused = targetKey(t);
        this.state('FAILED', (e as Error).message.slice(0, 300), t);
      }
    } finally {
      // Installed (the shell keeps its own copy), failed or cancelled: the download is of no further use.
      rmSync(file, { force: true });
    }
  }

  /** The signature at the package's end, by the kiosk's current update key, for this title and version. */
  private async verifySignature(file: string, t: FirmwareTarget): Promise<Envelope> {
    const keys = this.keys!;
    const { envelope, payloadSize } = await readTrailer(file);
    if (envelope.kind === 'key') {
      if (payloadSize > MAX_KEY_PACKAGE_BYTES) throw new Error(`key package of ${payloadSize} bytes is too large`);
      // A key package announced again after it took effect: its signer is no longer current.
      const offered = readFileSync(file).subarray(0, payloadSize).toString('utf8');
      const offeredId = (() => {
        try {
          return keyIdOf(publicKeyFromPem(offered));
        } catch (e) {
          throw new Error(`key package holds no Ed25519 public key: ${(e as Error).message}`, { cause: e });
        }
      })();
      if (offeredId === keys.currentId()) throw new Error(`update key ${offeredId} is already in use`);
    }
    const r = await verifyEnvelope(file, envelope, payloadSize, keys.current(), { kind: envelope.kind, title: t.title, version: t.version });
    if (!r.ok) throw new Error(r.error);
    return r.envelope;
  }

  private untilIdle(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
      const look = () => {
        this.idleTimer = null;
        if (this.stopped || signal.aborted || this.o.idle()) return resolve();
        this.idleTimer = setTimeout(look, 1000);
        this.idleTimer.unref();
      };
      look();
    });
  }

  private async fetchChunk(req: number, n: number, size: number, signal: AbortSignal): Promise<Buffer> {
    let last: Error | null = null;
    const timeoutMs = this.o.chunkTimeoutMs ?? CHUNK_TIMEOUT_MS;
    for (let i = 0; i < CHUNK_TRIES && !this.stopped; i++) {
      signal.throwIfAborted();
      let onAbort: (() => void) | null = null;
      try {
        const p = new Promise<Buffer>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.waiting = null;
            reject(new Error(`chunk ${n}: no answer within ${timeoutMs} ms`));
          }, timeoutMs);
          this.waiting = { key: `${req}/${n}`, resolve, reject, timer };
          onAbort = () => reject(signal.reason as Error);
          signal.addEventListener('abort', onAbort, { once: true });
        });
        await this.o.requestChunk(req, n, size);
        return await p;
      } catch (e) {
        if (this.waiting) clearTimeout(this.waiting.timer);
        this.waiting = null;
        if (signal.aborted) throw e;
        last = e as Error;
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    }
    throw last ?? new Error('stopped');
  }

  /** A `v2/fw/response/{req}/chunk/{n}` message. */
  onChunk(topic: string, payload: Buffer): void {
    const m = /^v2\/fw\/response\/(\d+)\/chunk\/(\d+)$/.exec(topic);
    const w = this.waiting;
    if (!m || !w || w.key !== `${m[1]}/${m[2]}`) return;
    clearTimeout(w.timer);
    this.waiting = null;
    if (payload.length > CHUNK_BYTES) w.reject(new Error(`chunk ${m[2]} larger than requested`));
    else w.resolve(payload);
  }

  /** Settles when no download is running (tests). */
  async idleNow(): Promise<void> {
    while (this.run) await this.run.done;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.run?.abort.abort(new Error('stopped'));
    if (this.waiting) {
      clearTimeout(this.waiting.timer);
      this.waiting.reject(new Error('stopped'));
      this.waiting = null;
    }
  }
}

const targetKey = (t: FirmwareTarget) => `${t.title}/${t.version}/${t.checksum}/${t.size}`;

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);

function hashFile(alg: string): (file: string) => Promise<string> {
  return (file) =>
    new Promise((resolve, reject) => {
      const h = createHash(alg);
      createReadStream(file)
        .on('data', (d) => h.update(d))
        .on('error', reject)
        .on('end', () => resolve(h.digest('hex')));
    });
}

/** Checksums ThingsBoard offers that do not resist a forger: refused with that reason. */
const WEAK = new Set(['MD5', 'SHA1', 'SHA-1', 'CRC32', 'MURMUR3_32', 'MURMUR3_128']);

/** ThingsBoard's checksum algorithms accepted: SHA-256 or stronger. */
const HASHES: Record<string, (file: string) => Promise<string>> = {
  SHA256: hashFile('sha256'),
  SHA384: hashFile('sha384'),
  SHA512: hashFile('sha512'),
};
