import { parentPort, workerData } from 'node:worker_threads';
import { isKioskErrorLike } from '../contracts/errors.js';
import { buildSealedRow, type BodyInput, type SealedRow } from './outbox-body.js';
import { createPayloadSealer, type CipherName } from './payload-cipher.js';

/**
 * Submission bodies are serialised and sealed here, off the host's event loop: a body with ten pages
 * of paper materials is several MB of base64 whose canonical JSON, UTF-8 encoding and encryption
 * took over a second of the host's loop (SM4-GCM, in JavaScript, far longer). The outbox's thread
 * only inserts the sealed rows, in one transaction.
 */
export interface SealWorkerData {
  masterKey: Uint8Array;
  cipher: CipherName;
  kioskId: string;
}
export type SealRequest = { id: number; inputs: BodyInput[] };
export type SealReply = { id: number; ok: true; rows: SealedRow[] } | { id: number; ok: false; code: string; message: string; retryable: boolean };

const data = workerData as SealWorkerData;
const sealer = createPayloadSealer(data.masterKey, data.cipher);
data.masterKey.fill(0);

parentPort?.on('message', (m: SealRequest) => {
  let reply: SealReply;
  try {
    // All or none: one member that cannot be built refuses the whole request (a bundle).
    reply = { id: m.id, ok: true, rows: m.inputs.map((input) => buildSealedRow(input, data.kioskId, sealer)) };
  } catch (e) {
    reply = isKioskErrorLike(e) ? { id: m.id, ok: false, code: e.code, message: e.message, retryable: e.retryable } : { id: m.id, ok: false, code: 'internal', message: e instanceof Error ? e.message : String(e), retryable: true };
  }
  if (reply.ok) for (const r of reply.rows) r.sealed = ownMemory(r.sealed);
  // The sealed bytes move to the outbox's thread without a copy.
  parentPort!.postMessage(reply, reply.ok ? reply.rows.map((r) => r.sealed.buffer as ArrayBuffer) : []);
});

/** A small Buffer is a slice of Node's shared pool, which cannot be transferred: it gets its own memory. */
function ownMemory(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) return b;
  const own = new Uint8Array(b);
  return Buffer.from(own.buffer, 0, own.byteLength);
}
