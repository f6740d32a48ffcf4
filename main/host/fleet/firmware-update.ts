import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import createDebug from 'debug';

const log = createDebug('kiosk:fleet:ota');

/**
 * Staged updates through ThingsBoard's OTA (user-guide/ota-updates): the shared attributes
 * `fw_title`, `fw_version`, `fw_checksum`, `fw_checksum_algorithm`, `fw_size` announce a package;
 * the kiosk downloads it in chunks (`v2/fw/request/{req}/chunk/{n}` → `v2/fw/response/{req}/chunk/{n}`),
 * verifies the checksum, installs only when idle, and reports `fw_state` (DOWNLOADING, DOWNLOADED,
 * VERIFIED, UPDATING, UPDATED, FAILED + `fw_error`) at each stage. A version that does not come up
 * healthy is rolled back.
 */

/** Hands a verified package to the shell's updater. */
export interface FirmwareInstaller {
  /** Start installing; the kiosk then restarts into the new version. */
  install(file: string, target: { title: string; version: string }): Promise<void>;
  /** Go back to `previousVersion` (the new one did not come up healthy). */
  rollback(previousVersion: string, reason: string): Promise<void>;
}

export interface FirmwareTarget {
  title: string;
  version: string;
  checksum: string;
  algorithm: string;
  size: number;
}

/** Written before the install; read at the next starts to confirm the update or roll it back. */
export interface PendingUpdate {
  title: string;
  fromVersion: string;
  toVersion: string;
  /** Starts of the new version so far that did not reach "healthy". */
  boots: number;
  at: string;
}

/** Starts of a new version that may fail to become healthy before it is rolled back. */
export const MAX_UNHEALTHY_BOOTS = 2;

/**
 * After a start with an update pending: `confirm` once the new version ran healthy, `rollback` when
 * it failed to come up healthy too often, `failed` when the old version is still running (the
 * install did not happen), `wait` while the new version is on probation.
 */
export function afterStartDecision(p: PendingUpdate, currentVersion: string, healthy: boolean): 'confirm' | 'rollback' | 'failed' | 'wait' {
  if (currentVersion === p.fromVersion) return 'failed';
  if (currentVersion !== p.toVersion) return 'failed';
  if (healthy) return 'confirm';
  return p.boots > MAX_UNHEALTHY_BOOTS ? 'rollback' : 'wait';
}

const CHUNK_BYTES = 32 * 1024;
const CHUNK_TIMEOUT_MS = 20_000;
const CHUNK_TRIES = 3;
const MAX_FIRMWARE_BYTES = 1 << 30;

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
}

export class FirmwareUpdater {
  private target: Partial<FirmwareTarget> = {};
  private busy: string | null = null;
  private requestId = 0;
  private waiting: { key: string; resolve(b: Buffer): void; reject(e: Error): void; timer: NodeJS.Timeout } | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private title: string;
  private readonly dir: string;

  constructor(private readonly o: FirmwareUpdaterOptions) {
    this.dir = join(o.dataDir, 'fleet', 'firmware');
    this.title = this.readPending()?.title ?? 'openkiosk';
  }

  private get pendingFile(): string {
    return join(this.dir, 'pending.json');
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

  /** At start: confirm a pending update once healthy, or roll it back. */
  resumeAfterStart(): void {
    const p = this.readPending();
    if (!p) return;
    p.boots++;
    const t = { title: p.title, version: p.toVersion };
    const decision = afterStartDecision(p, this.o.currentVersion, false);
    if (decision === 'failed') {
      this.clearPending();
      this.state('FAILED', `still running ${this.o.currentVersion} after installing ${p.toVersion}`, t);
      return;
    }
    if (decision === 'rollback') {
      this.clearPending();
      const reason = `${p.toVersion} did not come up healthy in ${p.boots - 1} starts; rolled back to ${p.fromVersion}`;
      this.state('FAILED', reason, t);
      this.o.installer?.rollback(p.fromVersion, reason).catch((e: unknown) => log('rollback: %s', (e as Error).message));
      return;
    }
    writeFileSync(this.pendingFile, JSON.stringify(p));
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
    if (typeof a.fw_checksum_algorithm === 'string') t.algorithm = a.fw_checksum_algorithm.toUpperCase();
    if (typeof a.fw_size === 'number') t.size = a.fw_size;
    if (!t.title || !t.version || !t.checksum || t.size === undefined) return;
    if (t.version === this.o.currentVersion || this.busy === t.version || this.readPending()?.toVersion === t.version) return;
    const target: FirmwareTarget = { title: t.title, version: t.version, checksum: t.checksum, algorithm: t.algorithm ?? 'SHA256', size: t.size };
    void this.run(target);
  }

  private async run(t: FirmwareTarget): Promise<void> {
    this.busy = t.version;
    try {
      if (!Number.isInteger(t.size) || t.size <= 0 || t.size > MAX_FIRMWARE_BYTES) throw new Error(`fw_size ${t.size} out of range`);
      if (!HASHES[t.algorithm]) throw new Error(`unsupported checksum algorithm ${t.algorithm}`);
      mkdirSync(this.dir, { recursive: true });
      // The package must not fill the disk the outbox and the logs live on.
      const fs = await statfs(this.dir);
      if (fs.bavail * fs.bsize < t.size * 2 + 256 * 1024 * 1024) throw new Error(`not enough free disk for a ${t.size}-byte package`);
      const file = join(this.dir, `${safeName(t.title)}-${safeName(t.version)}.bin`);
      rmSync(file, { force: true });
      this.state('DOWNLOADING', null, t);
      const req = ++this.requestId;
      let got = 0;
      for (let n = 0; got < t.size; n++) {
        const chunk = await this.fetchChunk(req, n, Math.min(CHUNK_BYTES, t.size - got));
        if (chunk.length === 0) break;
        got += chunk.length;
        if (got > t.size) throw new Error(`package larger than fw_size ${t.size}`);
        appendFileSync(file, chunk);
      }
      if (got !== t.size) throw new Error(`got ${got} bytes, fw_size is ${t.size}`);
      this.state('DOWNLOADED', null, t);
      const sum = await HASHES[t.algorithm]!(file);
      if (sum !== t.checksum) {
        rmSync(file, { force: true });
        throw new Error(`checksum mismatch (${t.algorithm})`);
      }
      this.state('VERIFIED', null, t);
      const installer = this.o.installer;
      if (!installer) throw new Error('this shell has no installer for fleet updates');
      await this.untilIdle();
      if (this.stopped) return;
      this.state('UPDATING', null, t);
      writeFileSync(this.pendingFile, JSON.stringify({ title: t.title, fromVersion: this.o.currentVersion, toVersion: t.version, boots: 0, at: new Date().toISOString() } satisfies PendingUpdate));
      await installer.install(file, { title: t.title, version: t.version });
    } catch (e) {
      this.clearPendingIfFor(t.version);
      if (!this.stopped) this.state('FAILED', (e as Error).message.slice(0, 300), t);
    } finally {
      this.busy = null;
    }
  }

  private clearPendingIfFor(version: string): void {
    if (this.readPending()?.toVersion === version) this.clearPending();
  }

  private untilIdle(): Promise<void> {
    return new Promise((resolve) => {
      const look = () => {
        if (this.stopped || this.o.idle()) return resolve();
        const t = setTimeout(look, 1000);
        t.unref();
        this.timers.push(t);
      };
      look();
    });
  }

  private async fetchChunk(req: number, n: number, size: number): Promise<Buffer> {
    let last: Error | null = null;
    for (let i = 0; i < CHUNK_TRIES && !this.stopped; i++) {
      try {
        const p = new Promise<Buffer>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.waiting = null;
            reject(new Error(`chunk ${n}: no answer within ${CHUNK_TIMEOUT_MS} ms`));
          }, CHUNK_TIMEOUT_MS);
          this.waiting = { key: `${req}/${n}`, resolve, reject, timer };
        });
        await this.o.requestChunk(req, n, size);
        return await p;
      } catch (e) {
        if (this.waiting) clearTimeout(this.waiting.timer);
        this.waiting = null;
        last = e as Error;
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

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.waiting) {
      clearTimeout(this.waiting.timer);
      this.waiting.reject(new Error('stopped'));
      this.waiting = null;
    }
  }
}

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

/** ThingsBoard's checksum algorithms that Node computes (MURMUR3 variants are refused as unsupported). */
const HASHES: Record<string, (file: string) => Promise<string>> = {
  SHA256: hashFile('sha256'),
  SHA384: hashFile('sha384'),
  SHA512: hashFile('sha512'),
  MD5: hashFile('md5'),
  CRC32: (file) =>
    new Promise((resolve, reject) => {
      let c = 0;
      createReadStream(file)
        .on('data', (d) => (c = crc32(d as Buffer, c)))
        .on('error', reject)
        .on('end', () => resolve(c.toString(16).padStart(8, '0')));
    }),
};
