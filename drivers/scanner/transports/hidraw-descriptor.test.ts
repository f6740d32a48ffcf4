import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESS_IS_DESCRIPTOR } from '../sim/hid-pos-devices.js';
import { readHidrawDescriptor } from './hidraw-descriptor.js';

test('reads the report descriptor of /dev/hidrawN from its sysfs node; other paths and missing files give null', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kiosk-sysfs-'));
  try {
    await mkdir(join(root, 'hidraw3', 'device'), { recursive: true });
    await writeFile(join(root, 'hidraw3', 'device', 'report_descriptor'), ACCESS_IS_DESCRIPTOR);
    assert.deepEqual(await readHidrawDescriptor('/dev/hidraw3', root), ACCESS_IS_DESCRIPTOR);
    assert.equal(await readHidrawDescriptor('/dev/hidraw4', root), null);
    assert.equal(await readHidrawDescriptor('1-1.2:1.0', root), null, 'libusb-style path');
    assert.equal(await readHidrawDescriptor('/dev/hidraw3/../../etc/passwd', root), null);
    await mkdir(join(root, 'hidraw5', 'device'), { recursive: true });
    await writeFile(join(root, 'hidraw5', 'device', 'report_descriptor'), Buffer.alloc(100_000));
    assert.equal((await readHidrawDescriptor('/dev/hidraw5', root))!.length, 4097, 'read is bounded');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
