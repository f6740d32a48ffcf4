import { Worker } from 'node:worker_threads';
import { workerBoot } from '../common/worker-boot.js';
import { RequestThread, type ThreadFailure } from '../common/request-thread.js';
import { ErrorCode, KioskError } from '../contracts/errors.js';
import type { BodyInput, SealedRow } from './outbox-body.js';
import type { CipherName } from './payload-cipher.js';
import type { SealReply, SealRequest, SealWorkerData } from './seal-worker.js';

/** Time for one request, the worker's start included (a 16 MB body seals in well under a second; SM4 in JavaScript takes longer). */
export const SEAL_TIMEOUT_MS = 60_000;

function sealError(why: ThreadFailure): KioskError {
  switch (why.kind) {
    case 'timeout':
      return new KioskError('timeout', `sealing the submission took over ${why.ms} ms`, true);
    case 'closed':
      return new KioskError('cancelled', 'the outbox was closed before the submission was sealed', true);
    case 'unsendable':
      // A value structured clone cannot carry (a function, a symbol): the payload is not plain JSON.
      return new KioskError('bad-request', `submission payload is not plain JSON (${why.message})`);
    case 'stopped':
      return new KioskError('internal', `the sealing thread stopped (exit ${why.code})`, true);
    default:
      return new KioskError('internal', `the sealing thread failed: ${why.message}`, true);
  }
}

/**
 * The outbox's sealing thread ({@link SealWorkerData}): started at the first request, kept for the
 * next, ended by `close()`. A request over {@link SEAL_TIMEOUT_MS} or a worker that dies fails what
 * it had (nothing was stored: the rows are inserted only after they come back), and the next request
 * starts a fresh worker.
 */
export class SealThread {
  private readonly thread: RequestThread<SealReply>;

  constructor(config: { masterKey: Uint8Array; cipher: CipherName; kioskId: string; timeoutMs?: number }) {
    this.thread = new RequestThread<SealReply>({
      start: () => {
        // The worker gets its own copy of the key (zeroed there once its sealer has derived the keys).
        const workerData: SealWorkerData = { masterKey: new Uint8Array(config.masterKey), cipher: config.cipher, kioskId: config.kioskId };
        return new Worker(workerBoot(import.meta.url, 'seal-worker'), { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: 256 } });
      },
      timeoutMs: config.timeoutMs ?? SEAL_TIMEOUT_MS,
      error: sealError,
    });
  }

  seal(inputs: BodyInput[]): Promise<SealedRow[]> {
    return this.thread.request(
      (id) => ({ id, inputs }) satisfies SealRequest,
      (r) => {
        if (!r.ok) throw new KioskError(ErrorCode.safeParse(r.code).success ? (r.code as ErrorCode) : 'internal', r.message, r.retryable);
        return r.rows.map((row) => ({ ...row, sealed: Buffer.from(row.sealed.buffer, row.sealed.byteOffset, row.sealed.byteLength) }));
      },
    );
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
