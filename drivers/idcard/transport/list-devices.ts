import { SerialPort } from 'serialport';
import { stableSerialPath } from './stable-path.js';

/** A serial port as `kiosk-diag ports` prints it (contracts.md §3). */
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

export async function listSerialPorts(): Promise<SerialPortEntry[]> {
  const ports = await SerialPort.list();
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
