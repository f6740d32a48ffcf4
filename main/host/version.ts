import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's root folder (where package.json is): found by walking up, because this file runs both
 * from source (tsx) and compiled into dist-electron/.
 */
export const APP_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'renderer'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the app root (package.json beside renderer/)');
    dir = up;
  }
})();

/** The app version from package.json (read once). */
export const APP_VERSION: string = (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
