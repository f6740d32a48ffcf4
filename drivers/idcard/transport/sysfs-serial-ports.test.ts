import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listSysfsSerialPorts } from './sysfs-serial-ports.js';

test('sysfs serial ports: USB ids from the nearest parent with idVendor; ttys without a device skipped', () => {
  const root = mkdtempSync(join(tmpdir(), 'kiosk-sysfs-'));
  try {
    // The shape of a CH340 adapter: /sys/devices/…/usb1/1-1 (ids) / 1-1:1.0 (interface) / ttyUSB0
    const usbDev = join(root, 'devices', 'usb1', '1-1');
    const iface = join(usbDev, '1-1:1.0', 'ttyUSB0');
    mkdirSync(iface, { recursive: true });
    writeFileSync(join(usbDev, 'idVendor'), '1A86\n');
    writeFileSync(join(usbDev, 'idProduct'), '7523\n');
    writeFileSync(join(usbDev, 'manufacturer'), 'QinHeng\n');
    const tty = join(root, 'class', 'tty');
    mkdirSync(join(tty, 'ttyUSB0'), { recursive: true });
    symlinkSync(iface, join(tty, 'ttyUSB0', 'device'));
    mkdirSync(join(tty, 'tty1'), { recursive: true }); // a virtual console: no device link
    assert.deepEqual(listSysfsSerialPorts(tty), [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', manufacturer: 'QinHeng', serialNumber: null }]);
    assert.deepEqual(listSysfsSerialPorts(join(root, 'missing')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
