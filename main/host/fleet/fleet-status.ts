import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FleetStatusView } from '../../../contracts/protocol.js';
import type { Disposable } from '../../../common/events.js';

/**
 * What the Fleet tab and `kiosk-diag fleet status --json` show. The running host writes it to
 * `<dataDir>/fleet/status.json` on every change, so the command can read it without the host.
 */
export type FleetStatus = FleetStatusView;

export const statusFile = (dataDir: string) => join(dataDir, 'fleet', 'status.json');

export function writeFleetStatus(dataDir: string, s: FleetStatus): void {
  const file = statusFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(s, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function readFleetStatus(dataDir: string): FleetStatus | null {
  const file = statusFile(dataDir);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as FleetStatus;
}

const noticeFile = (dataDir: string) => join(dataDir, 'fleet', 'out-of-service.json');

/** The operator's out-of-service notice as stored, or null (none, or unreadable: the kiosk then serves). */
export function readOutOfService(dataDir: string): { on: boolean; message: string | null } | null {
  const file = noticeFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { on?: unknown; message?: unknown };
    return { on: v.on === true, message: typeof v.message === 'string' ? v.message.slice(0, 200) : null };
  } catch (e) {
    process.stderr.write(`fleet: ignoring unreadable ${file}: ${(e as Error).message}\n`);
    return null;
  }
}

export function writeOutOfService(dataDir: string, notice: { on: boolean; message: string | null }): void {
  const file = noticeFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(notice), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/**
 * Write the notice to disk at each change of the kiosk's state, so it outlives a restart (the
 * nightly one included) until the operator lifts it. A listener of the state's own event: the
 * command that set it does not call back into the fleet client (docs/architecture.md, fleet command flow).
 */
export function keepOutOfService(state: { onDidChangeOutOfService(l: (n: { on: boolean; message: string | null }) => void): Disposable }, dataDir: string): Disposable {
  return state.onDidChangeOutOfService((notice) => writeOutOfService(dataDir, notice));
}
