import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What sysfs says of one serial port (Linux). */
export interface SysfsSerialPort {
  path: string;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
}

function readAttr(dir: string, name: string): string | null {
  try {
    return readFileSync(join(dir, name), 'utf8').trim() || null;
  } catch {
    return null; // an attribute a device does not have
  }
}

/**
 * Serial ports from `/sys/class/tty` (Linux), for machines without `udevadm`, which serialport's
 * own list spawns (minimal images and containers have no udev). A tty with a `device` link is a real
 * port; its USB ids come from the nearest parent directory holding `idVendor`.
 */
export function listSysfsSerialPorts(sysClassTty = '/sys/class/tty'): SysfsSerialPort[] {
  let names: string[];
  try {
    names = readdirSync(sysClassTty);
  } catch {
    return []; // not Linux, or sysfs not mounted: nothing to list
  }
  const out: SysfsSerialPort[] = [];
  for (const name of names.sort()) {
    const deviceLink = join(sysClassTty, name, 'device');
    if (!existsSync(deviceLink)) continue; // virtual consoles and ptys have no device
    // Legacy 8250 UARTs are listed whether or not hardware is there; serialport skips them too.
    if (/^ttyS\d+$/.test(name) && readAttr(join(sysClassTty, name), 'type') === '0') continue;
    let dir: string | null = realpathSync(deviceLink);
    while (dir && dir !== '/' && !existsSync(join(dir, 'idVendor'))) dir = dirname(dir);
    const usb = dir && dir !== '/' ? dir : null;
    out.push({
      path: `/dev/${name}`,
      vendorId: usb ? readAttr(usb, 'idVendor')?.toLowerCase() ?? null : null,
      productId: usb ? readAttr(usb, 'idProduct')?.toLowerCase() ?? null : null,
      manufacturer: usb ? readAttr(usb, 'manufacturer') : null,
      serialNumber: usb ? readAttr(usb, 'serial') : null,
    });
  }
  return out;
}
