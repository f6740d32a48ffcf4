import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { FaceFinding, WorkerReply, WorkerRequest } from './face-engine-types.js';
import { decodeJpeg } from './image-decode.js';

/**
 * The face models run here, off the host's event loop (a frame costs tens of milliseconds of CPU
 * that device timeouts and the socket must not wait for). @vladmandic/human on TensorFlow.js's WASM
 * backend: its Node build with tfjs-node would download libtensorflow at install, which fails offline
 * (reference fleet-and-identity §2). The models ship inside the npm package; nothing is downloaded.
 */

const require = createRequire(import.meta.url);
/** A package's folder: its main entry's, walked up to the folder named after it (neither exports package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join('node_modules', name)) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const humanDir = packageDir('@vladmandic/human');
const wasmDir = packageDir('@tensorflow/tfjs-backend-wasm');

/** Landmarks of the 468-point mesh used for the planarity test (liveness.ts): they span the face in depth. */
export const KEY_LANDMARKS = [1, 4, 6, 168, 33, 133, 263, 362, 61, 291, 152, 10, 234, 454, 172, 397, 98, 327] as const;

interface HumanResult {
  face: {
    score: number;
    box: [number, number, number, number];
    embedding?: number[];
    mesh: [number, number, number][];
    rotation?: { angle: { yaw: number; pitch: number; roll: number } } | null;
    real?: number;
    live?: number;
  }[];
}
interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<HumanResult>;
  match: { similarity(a: number[], b: number[], options?: { order: number; multiplier: number; min: number; max: number }): number };
  tf: { tensor4d(data: Uint8Array, shape: number[], dtype: string): unknown; dispose(t: unknown): void };
}

let human: Promise<HumanLike> | null = null;
const SIMILARITY = { order: 2, multiplier: 25, min: 0, max: 1 };

/**
 * TensorFlow.js loads models with fetch(), which in Node does not read file: URLs. Answer those
 * from disk, for the model folder only; every other URL goes to the real fetch.
 */
function serveModelsFromDisk(): void {
  const realFetch = globalThis.fetch;
  const allowed = [pathToFileURL(join(humanDir, 'models')).href, pathToFileURL(wasmDir).href];
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file:')) {
      if (!allowed.some((a) => url.startsWith(a))) return new Response(null, { status: 403 });
      try {
        return new Response(await readFile(new URL(url)), { status: 200 });
      } catch {
        return new Response(null, { status: 404 });
      }
    }
    return realFetch(input, init);
  };
}

function load(): Promise<HumanLike> {
  if (human) return human;
  human = (async () => {
    serveModelsFromDisk();
    const { Human } = require(join(humanDir, 'dist/human.node-wasm.js')) as { Human: new (config: unknown) => HumanLike };
    const h = new Human({
      backend: 'wasm',
      wasmPath: pathToFileURL(join(wasmDir, 'dist')).href + '/',
      modelBasePath: pathToFileURL(join(humanDir, 'models')).href + '/',
      debug: false,
      async: false,
      // Every frame is analysed afresh: the library's cache would answer a changed frame with an old result.
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: { rotation: true, maxDetected: 3, minConfidence: 0.3, return: false },
        mesh: { enabled: true },
        iris: { enabled: false },
        description: { enabled: true },
        emotion: { enabled: false },
        antispoof: { enabled: true },
        liveness: { enabled: true },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    await h.load();
    return h;
  })();
  human.catch(() => (human = null));
  return human;
}

async function analyse(rgb: Uint8Array, width: number, height: number): Promise<FaceFinding[]> {
  const h = await load();
  const tensor = h.tf.tensor4d(rgb, [1, height, width, 3], 'int32');
  try {
    const r = await h.detect(tensor);
    return r.face.map((f) => ({
      score: f.score,
      box: f.box,
      embedding: f.embedding && f.embedding.length > 0 ? Array.from(f.embedding) : null,
      // human's yaw is positive when the face turns to the image's left; we name turns as the citizen sees them.
      yaw: f.rotation?.angle.yaw ?? 0,
      pitch: f.rotation?.angle.pitch ?? 0,
      roll: f.rotation?.angle.roll ?? 0,
      real: typeof f.real === 'number' ? f.real : null,
      live: typeof f.live === 'number' ? f.live : null,
      landmarks: f.mesh.length >= 468 ? KEY_LANDMARKS.map((i) => [f.mesh[i]![0], f.mesh[i]![1]] as [number, number]) : [],
    }));
  } finally {
    h.tf.dispose(tensor);
    rgb.fill(0);
  }
}

parentPort?.on('message', (m: WorkerRequest) => {
  const reply = (r: WorkerReply) => parentPort!.postMessage(r);
  if (m.kind === 'load') {
    load().then(
      () => reply({ id: m.id, ok: true, faces: [] }),
      (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  if (m.kind === 'similarity') {
    // The library's own measure: 1 − Euclidean distance / 20, to two decimals. Its default range
    // (min 0.2, max 0.8) clamps every close pair to 1.00, which leaves nothing to set a threshold in.
    load().then(
      (h) => reply({ id: m.id, ok: true, faces: [], similarity: h.match.similarity(m.a, m.b, SIMILARITY) }),
      (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  if (m.kind === 'analyseJpeg') {
    // Camera frames are decoded here, not on the host's event loop (~25 ms a 640 × 480 frame in pure JS).
    let frame: ReturnType<typeof decodeJpeg>;
    try {
      frame = decodeJpeg(new Uint8Array(m.jpeg));
    } catch (e) {
      new Uint8Array(m.jpeg).fill(0);
      reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e), badInput: true });
      return;
    }
    new Uint8Array(m.jpeg).fill(0);
    const size = { width: frame.width, height: frame.height };
    analyse(frame.rgb, frame.width, frame.height).then(
      (faces) => reply({ id: m.id, ok: true, faces, size }),
      (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  analyse(new Uint8Array(m.rgb), m.width, m.height).then(
    (faces) => reply({ id: m.id, ok: true, faces }),
    (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
