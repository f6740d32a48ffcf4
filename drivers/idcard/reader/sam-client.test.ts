import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SamClient } from './sam-client.js';
import { SamCommand, parseCommandBody } from '../codec/commands.js';
import { FrameDecoder } from '../codec/frame.js';
import { encodeResponse } from '../codec/responses.js';
import { createMemoryPair } from '../transport/memory-transport.js';

/**
 * A reader that answers select card only after the host gave up on it: the late answer arrives
 * after the next command (find card) was written, as over a slow link under load.
 */
test('a late answer to a timed-out request is not taken for the next request’s answer', async () => {
  const { host, device } = createMemoryPair('sam');
  await host.open();
  await device.open();
  const decoder = new FrameDecoder();
  const seen: string[] = [];
  let lateSelect: (() => void) | null = null;
  device.onDidReceive((chunk) => {
    for (const ev of decoder.push(chunk)) {
      if (ev.type !== 'frame') continue;
      const c = parseCommandBody(ev.frame.body)!;
      seen.push(`${c.cmd.toString(16)} ${c.para.toString(16)}`);
      if (c.cmd === 0x20 && c.para === 0x02) {
        lateSelect = () => void device.write(encodeResponse(0x90, new Uint8Array(8)));
      } else if (c.cmd === 0x20 && c.para === 0x01) {
        // The stale select answer first, then find card's own.
        lateSelect?.();
        lateSelect = null;
        setTimeout(() => void device.write(encodeResponse(0x9f, new Uint8Array(4))), 20);
      }
    }
  });
  const client = new SamClient(host);
  await assert.rejects(client.request(SamCommand.selectCard, { timeoutMs: 50 }), (e: { code?: string }) => e.code === 'timeout');
  const find = await client.request(SamCommand.findCard, { timeoutMs: 2000 });
  assert.equal(find.status.code, 0x9f, 'find card got its own answer, not the late select answer');
  assert.deepEqual(seen, ['20 2', '20 1']);
  client.dispose();
});
