import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { openHostSocket } from '../../main/host/test-support/host-socket.js';
import { makeTempDir, removeDir, startKiosk } from './support/kiosk-process.js';

/** One request over the host protocol, the way the renderer sends it. */
function call(ws: WebSocket, id: string, method: string, params: unknown): Promise<{ ok: boolean; result?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const m = JSON.parse(raw.toString()) as { type: string; id?: string; ok: boolean; result?: Record<string, unknown> };
      if (m.type === 'response' && m.id === id) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, method, params }));
  });
}

describe('technician restart and exit (browser host)', () => {
  for (const [mode, code] of [['restart', 75], ['exit', 0]] as const) {
    it(`diag.restart ${mode} behind the PIN stops the host cleanly with exit code ${code}`, async () => {
      const dir = makeTempDir();
      const kiosk = await startKiosk({ dir });
      try {
        const ws = await openHostSocket(kiosk.url);
        const refused = await call(ws, 'a', 'diag.restart', { token: 'x'.repeat(64), mode });
        assert.equal(refused.ok, false, 'no restart without a diagnostics session');
        const entered = await call(ws, 'b', 'diag.enter', { pin: '000000' });
        assert.equal(entered.ok, true, 'simulated kiosk: the development PIN opens diagnostics');
        const exited = new Promise<number | null>((resolve) => kiosk.child.once('exit', (c) => resolve(c)));
        const answered = await call(ws, 'c', 'diag.restart', { token: entered.result!.token, mode });
        assert.equal(answered.ok, true, 'the request is answered before the host stops');
        assert.equal(await exited, code);
        ws.close();
      } finally {
        await kiosk.kill();
        removeDir(dir);
      }
    });
  }
});
