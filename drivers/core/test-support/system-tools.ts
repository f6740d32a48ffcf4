import { accessSync, appendFileSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Which system package a test (or the kiosk) may use. System tools are preferred when present; with
 * `KIOSK_NO_SYSTEM_TOOLS=1` none is, as on a machine with only Node and npm: that is how `.ci/run`
 * proves the npm substitutes work, since a CI machine that happens to have e.g. mosquitto installed
 * would otherwise hide a missing fallback.
 */
export function systemToolsHidden(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KIOSK_NO_SYSTEM_TOOLS === '1';
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw e;
  }
}

/**
 * The first executable `name` on PATH, then in `also` (absolute paths, e.g. /usr/sbin/mosquitto, which
 * is not on a normal user's PATH). Null when there is none, or when system tools are hidden.
 */
export function findSystemTool(name: string, also: string[] = [], env: NodeJS.ProcessEnv = process.env): string | null {
  if (systemToolsHidden(env)) return null;
  const onPath = (env.PATH ?? '').split(delimiter).filter((d) => d && isAbsolute(d)).map((d) => join(d, name));
  return [...onPath, ...also].find(executable) ?? null;
}

/**
 * Record that a test ran on an npm substitute instead of a system package (e.g. aedes for mosquitto),
 * so the test summary says so instead of the run silently testing something else. The runner sets
 * `KIOSK_TEST_NOTES` to a file; outside it (e.g. `npm start` using a simulator) this does nothing.
 */
export function noteSubstitute(system: string, substitute: string, env: NodeJS.ProcessEnv = process.env): void {
  const line = JSON.stringify({ kind: 'substitute', system, substitute });
  if (env.KIOSK_TEST_NOTES) appendFileSync(env.KIOSK_TEST_NOTES, `${line}\n`);
}
