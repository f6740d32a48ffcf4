import { parentPort } from 'node:worker_threads';
import { KioskError } from '../../../contracts/errors.js';
import { countInk } from './signature-png.js';

/**
 * Signature PNGs are decoded here, off the host's event loop: a 2000 × 2000 image costs hundreds
 * of milliseconds of CPU that the socket, device timeouts and `host.info` must not wait for.
 */
export type InkRequest = { id: number; png: ArrayBuffer };
export type InkReply = { id: number; ok: true; ink: number } | { id: number; ok: false; message: string; badInput: boolean };

parentPort?.on('message', (m: InkRequest) => {
  const png = Buffer.from(m.png);
  let reply: InkReply;
  try {
    reply = { id: m.id, ok: true, ink: countInk(png) };
  } catch (e) {
    reply = { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e), badInput: e instanceof KioskError && e.code === 'bad-request' };
  } finally {
    png.fill(0);
  }
  parentPort!.postMessage(reply);
});
