import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';

/** Where udev keeps stable names for USB-serial devices on Linux. */
export const BY_ID_DIR = '/dev/serial/by-id';

/**
 * The `/dev/serial/by-id/…` link that points at the same device as `path`, or null. A USB-serial
 * reader that is unplugged and replugged may come back as ttyUSB1 instead of ttyUSB0; the by-id
 * name (vendor, model, serial number) stays the same, so reopen attempts use it.
 */
export async function stableSerialPath(path: string, byIdDir = BY_ID_DIR): Promise<string | null> {
  if (path.startsWith(byIdDir + '/')) return path;
  let target: string;
  let names: string[];
  try {
    target = await realpath(path);
    names = await readdir(byIdDir);
  } catch {
    // No such device or no by-id directory (not Linux, no USB-serial, a pty): nothing stable to use.
    return null;
  }
  for (const name of names) {
    const link = join(byIdDir, name);
    try {
      if ((await realpath(link)) === target) return link;
    } catch {
      // A dangling link (device just unplugged) is not a match; keep looking.
      continue;
    }
  }
  return null;
}
