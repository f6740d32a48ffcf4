import { Worker } from 'node:worker_threads';
import { KioskError } from '../../../contracts/errors.js';
import type { DescribeWhen, DescriptorKind, FaceFinding, WorkerReply, WorkerRequest } from './face-engine-types.js';

import { FACE_MODEL } from './face-model.js';
import { workerBoot } from '../worker-boot.js';

export type { DescribeWhen, FaceFinding } from './face-engine-types.js';

type Reply = Extract<WorkerReply, { ok: true }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A decoded picture: row-major RGB, top row first. */
export interface RgbFrame {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export interface FaceEngineOptions {
  /** Budget of the first call, which loads the models (about 0.5–2 s on a 2-core kiosk). */
  loadTimeoutMs?: number;
  /** Budget of one frame once loaded. */
  frameTimeoutMs?: number;
  /** Frames waiting beyond this are refused as `busy` (the camera sends more; dropping is right). */
  maxQueued?: number;
  /** Load every descriptor model, not only the match's (the bench compares them). */
  allDescriptors?: boolean;
}

/**
 * The face models in a worker thread, started on first use and kept for the host's life (models
 * load lazily, once). A frame that takes too long fails as `timeout`; a worker that died is started
 * again on the next call.
 */
export class FaceEngine {
  private worker: Worker | null = null;
  private loaded: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: Reply): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private readonly opts: Required<FaceEngineOptions>;
  /** What the engine describes faces with and how it compares them (for reports). */
  readonly model = FACE_MODEL.name;

  constructor(options: FaceEngineOptions = {}) {
    this.opts = { loadTimeoutMs: options.loadTimeoutMs ?? 60_000, frameTimeoutMs: options.frameTimeoutMs ?? 10_000, maxQueued: options.maxQueued ?? 2, allDescriptors: options.allDescriptors ?? false };
  }

  /** Load the models now (the first verification should not wait for them). */
  warm(): Promise<void> {
    if (!this.loaded) {
      this.loaded = this.send({ kind: 'load', allDescriptors: this.opts.allDescriptors }, this.opts.loadTimeoutMs).then(() => undefined);
      this.loaded.catch(() => (this.loaded = null));
    }
    return this.loaded;
  }

  /** `descriptors`: other descriptors to compute as well (the bench compares models). */
  async analyse(frame: RgbFrame, signal?: AbortSignal, descriptors?: DescriptorKind[], describe: DescribeWhen = 'always'): Promise<FaceFinding[]> {
    if (frame.rgb.length !== frame.width * frame.height * 3) throw new KioskError('bad-request', 'frame: size does not match its pixels');
    if (this.pending.size >= this.opts.maxQueued) throw new KioskError('busy', 'the face check is still on earlier frames', true);
    await this.warm();
    signal?.throwIfAborted();
    // The worker gets its own copy (transferred, so it is not copied twice); ours is the caller's to wipe.
    const copy = new Uint8Array(frame.rgb);
    return (await this.send({ kind: 'analyse', rgb: copy.buffer, width: frame.width, height: frame.height, describe, ...(descriptors ? { descriptors } : {}) }, this.opts.frameTimeoutMs, [copy.buffer])).faces;
  }

  /** A camera frame as the renderer sends it (JPEG), decoded and analysed in the worker. */
  async analyseJpeg(jpeg: Uint8Array, signal?: AbortSignal, describe: DescribeWhen = 'always', pixels = false): Promise<{ width: number; height: number; faces: FaceFinding[]; rgb?: Uint8Array }> {
    if (this.pending.size >= this.opts.maxQueued) throw new KioskError('busy', 'the face check is still on earlier frames', true);
    await this.warm();
    signal?.throwIfAborted();
    const copy = new Uint8Array(jpeg);
    const r = await this.send({ kind: 'analyseJpeg', jpeg: copy.buffer, describe, pixels }, this.opts.frameTimeoutMs, [copy.buffer]);
    return { ...r.size!, faces: r.faces, ...(r.rgb ? { rgb: new Uint8Array(r.rgb) } : {}) };
  }

  /** The built-in match's similarity of two descriptors, 0–1 (face-model.ts). */
  async similarity(a: number[], b: number[]): Promise<number> {
    await this.warm();
    return (await this.send({ kind: 'similarity', a, b }, this.opts.frameTimeoutMs)).similarity ?? 0;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const boot = workerBoot(import.meta.url, 'face-worker');
    const w = new Worker(boot, { eval: true });
    w.unref();
    w.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      clearTimeout(p.timer);
      if (r.ok) p.resolve(r);
      else p.reject(r.badInput ? new KioskError('bad-request', r.message) : new KioskError('device-error', `face engine: ${r.message}`, true));
    });
    const fail = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.loaded = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new KioskError('device-error', `face engine: ${why}`, true));
        this.pending.delete(id);
      }
    };
    w.on('error', (e: unknown) => fail(e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => fail(`the worker stopped (exit ${code})`));
    this.worker = w;
    return w;
  }

  private send(req: DistributiveOmit<WorkerRequest, 'id'>, timeoutMs: number, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const w = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // A worker stuck on a frame would answer every later one late: start a fresh one.
        void this.restart();
        reject(new KioskError('timeout', `face engine: no answer within ${timeoutMs} ms`, true));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      w.postMessage({ ...req, id } as WorkerRequest, transfer);
    });
  }

  private async restart(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.loaded = null;
    if (w) await w.terminate();
  }

  async dispose(): Promise<void> {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new KioskError('cancelled', 'face engine: shutting down'));
    }
    this.pending.clear();
    await this.restart();
  }
}
