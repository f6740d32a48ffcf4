import { SerialPort } from 'serialport';
import createDebug from 'debug';
import { stableSerialPath } from './stable-path.js';
import { listSysfsSerialPorts } from './sysfs-serial-ports.js';

const log = createDebug('kiosk:ports');

/** A serial port as `kiosk-diag ports` prints it (docs/protocol.md §3). */
export interface SerialPortEntry {
  path: string;
  /** USB vendor id as 4 lower-case hex digits, or null (not USB). */
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
  pnpId: string | null;
  locationId: string | null;
  /** Stable `/dev/serial/by-id/…` name on Linux, when udev made one. */
  byId: string | null;
}

export interface HidDeviceEntry {
  path: string | null;
  vendorId: string;
  productId: string;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  release: number | null;
  interface: number | null;
  usagePage: number | null;
  usage: number | null;
}

/** Serial ports; on Linux without `udevadm` (which serialport's list runs) they come from sysfs. */
export async function listSerialPorts(): Promise<SerialPortEntry[]> {
  let ports: Awaited<ReturnType<typeof SerialPort.list>>;
  try {
    ports = await SerialPort.list();
  } catch (e) {
    if (process.platform !== 'linux') throw e;
    log('serialport list failed (%s): reading /sys/class/tty', e instanceof Error ? e.message : e);
    ports = listSysfsSerialPorts().map((p) => ({ ...p, pnpId: undefined, locationId: undefined, vendorId: p.vendorId ?? undefined, productId: p.productId ?? undefined, manufacturer: p.manufacturer ?? undefined, serialNumber: p.serialNumber ?? undefined }));
  }
  return Promise.all(
    ports.map(async (p) => ({
      path: p.path,
      vendorId: p.vendorId?.toLowerCase() ?? null,
      productId: p.productId?.toLowerCase() ?? null,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      pnpId: p.pnpId ?? null,
      locationId: p.locationId ?? null,
      byId: await stableSerialPath(p.path),
    })),
  );
}

/** HID devices; throws when node-hid cannot be loaded (the caller decides how to report it). */
export async function listHidDevices(): Promise<HidDeviceEntry[]> {
  const HID = (await import('node-hid')).default;
  const devices = await HID.devicesAsync();
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return devices.map((d) => ({
    path: d.path ?? null,
    vendorId: hex(d.vendorId),
    productId: hex(d.productId),
    manufacturer: d.manufacturer ?? null,
    product: d.product ?? null,
    serialNumber: d.serialNumber ?? null,
    release: d.release ?? null,
    interface: d.interface ?? null,
    usagePage: d.usagePage ?? null,
    usage: d.usage ?? null,
  }));
}
