import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FleetStatusView } from '../../../contracts/protocol.js';

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
