import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The provisioned access token, `<dataDir>/fleet/token`, readable by the kiosk's user only (0600). */
export const tokenFile = (dataDir: string) => join(dataDir, 'fleet', 'token');

export function readToken(dataDir: string): string | null {
  const file = tokenFile(dataDir);
  if (!existsSync(file)) return null;
  const t = readFileSync(file, 'utf8').trim();
  return t.length > 0 && t.length <= 256 ? t : null;
}

export function writeToken(dataDir: string, token: string): void {
  const file = tokenFile(dataDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, token + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function removeToken(dataDir: string): void {
  rmSync(tokenFile(dataDir), { force: true });
}
