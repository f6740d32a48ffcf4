import { listHidDevices, listSerialPorts, type HidDeviceEntry } from '../../../drivers/idcard/transport/list-devices.js';
import { parse, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag ports --json` → `{"serial":[{path,vendorId,productId,…}],"hid":[…]}` (docs/protocol.md §3).
 * USB ids are 4 lower-case hex digits. When node-hid cannot load or enumerate, `hid` is `[]` and a
 * warning goes to stderr: a missing HID stack must not hide the serial ports.
 */
export async function run(ctx: CommandContext): Promise<number> {
  parse(ctx.argv, {});
  const serial = await listSerialPorts();
  let hid: HidDeviceEntry[] = [];
  try {
    hid = await listHidDevices();
  } catch (e) {
    ctx.log(`warning: HID devices not listed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (ctx.json) {
    ctx.out({ serial, hid });
    return 0;
  }
  process.stdout.write(`serial ports (${serial.length}):\n`);
  for (const p of serial) {
    const id = p.vendorId ? ` ${p.vendorId}:${p.productId}` : '';
    process.stdout.write(`  ${p.path}${id}${p.manufacturer ? ` ${p.manufacturer}` : ''}${p.byId ? ` (${p.byId})` : ''}\n`);
  }
  process.stdout.write(`hid devices (${hid.length}):\n`);
  for (const d of hid) process.stdout.write(`  ${d.vendorId}:${d.productId} ${d.product ?? ''} ${d.path ?? ''}\n`);
  return 0;
}
