import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import createDebug from 'debug';
import { PcscContext } from '../transport/pcsc.js';

const debug = createDebug('kiosk:sscard:pcscd');

/** Debian's vpcd driver and its reader configuration (slot 0 on port 35963, slot 1 on 35964). */
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const VPCD_CONF = '/etc/reader.conf.d/vpcd';
export const VPCD_READER_PREFIX = 'Virtual PCD';

export type PcscdEnv = { ok: true; readers: string[]; stop(): Promise<void> } | { ok: false; reason: string };

/**
 * A pcscd with vsmartcard's vpcd reader, for the tests that go through the real PC/SC stack:
 * the running one, or one started here (as root on CI) and stopped again by `stop()`. When the
 * system packages or the binding are missing the answer says which, so each such test reports
 * itself by name as not run with that reason (never a silent pass).
 */
export async function ensurePcscd(): Promise<PcscdEnv> {
  if (process.platform !== 'linux') return { ok: false, reason: 'pcscd + vsmartcard-vpcd tests run on Linux' };
  if (!existsSync(VPCD_DRIVER) || !existsSync(VPCD_CONF)) return { ok: false, reason: 'vsmartcard-vpcd is not installed (apt-get install pcscd vsmartcard-vpcd)' };
  const existing = tryReaders();
  if (existing.ok) return { ok: true, readers: existing.readers, stop: async () => {} };
  if (existing.code !== 'pcsc-unavailable' || /binding/.test(existing.reason)) return { ok: false, reason: existing.reason };
  let child: ChildProcess;
  try {
    child = spawn('pcscd', ['--foreground'], { stdio: 'ignore' });
  } catch (e) {
    return { ok: false, reason: `cannot start pcscd: ${e instanceof Error ? e.message : String(e)}` };
  }
  const spawnError = new Promise<string>((resolve) => child.once('error', (e) => resolve(e.message)));
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    if (failed !== null) return { ok: false, reason: `cannot start pcscd: ${failed} (apt-get install pcscd)` };
    const now = tryReaders();
    if (now.ok) {
      debug('started pcscd (pid %d)', child.pid);
      return {
        ok: true,
        readers: now.readers,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
  }
  child.kill('SIGTERM');
  return { ok: false, reason: 'pcscd started but showed no vpcd reader within 5 s' };
}

function tryReaders(): { ok: true; readers: string[] } | { ok: false; code: string; reason: string } {
  try {
    const ctx = PcscContext.open();
    try {
      const readers = ctx.readers().map((r) => r.name).filter((n) => n.startsWith(VPCD_READER_PREFIX));
      if (readers.length === 0) return { ok: false, code: 'no-vpcd', reason: 'pcscd runs but has no vpcd reader' };
      return { ok: true, readers };
    } finally {
      ctx.close();
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'internal';
    return { ok: false, code, reason: e instanceof Error ? e.message : String(e) };
  }
}
