import { open } from 'node:fs/promises';
import createDebug from 'debug';
import { MAX_DESCRIPTOR_BYTES } from '../codecs/hid-report-descriptor.js';

const debug = createDebug('kiosk:scanner:hid');

/**
 * The report descriptor of a hidraw device, as the Linux kernel exposes it in sysfs
 * (`/sys/class/hidraw/hidrawN/device/report_descriptor`). node-hid 3.4 has no call for it, and on
 * Linux its default backend opens `/dev/hidrawN` paths, so the sysfs file is the reliable source there.
 * Null (with the reason logged) for other paths or when the file cannot be read.
 */
export async function readHidrawDescriptor(devicePath: string, sysRoot = '/sys/class/hidraw'): Promise<Uint8Array | null> {
  const m = /^\/dev\/(hidraw\d{1,4})$/.exec(devicePath);
  if (!m) {
    debug('no sysfs report descriptor for %s (not a hidraw path)', devicePath);
    return null;
  }
  const file = `${sysRoot}/${m[1]}/device/report_descriptor`;
  let fh;
  try {
    fh = await open(file, 'r');
    // One byte more than the limit, so an oversized file is seen as such and refused by the parser.
    const buf = Buffer.alloc(MAX_DESCRIPTOR_BYTES + 1);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return new Uint8Array(buf.subarray(0, bytesRead));
  } catch (e) {
    debug('report descriptor %s unreadable: %s', file, (e as Error).message);
    return null;
  } finally {
    await fh?.close();
  }
}
