import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type * as TF from '@tensorflow/tfjs-core';
import { DLIB_CHIP, loadDlibResnet, type DlibResnet } from './dlib-resnet.js';
import { alignedChip, chipPoints, DLIB_FIVE, fivePoints } from './face-align.js';
import { describeWanted, type DescribeWhen, type DescriptorKind, type FaceFinding, type WorkerReply, type WorkerRequest } from './face-engine-types.js';
import { FACE_MODEL } from './face-model.js';
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
const faceApiDir = packageDir('@vladmandic/face-api');
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
  tf: typeof TF;
  models: { models: Record<string, { execute(t: TF.Tensor): TF.Tensor | TF.Tensor[] } | null> };
}

let human: Promise<{ h: HumanLike; dlib: DlibResnet }> | null = null;


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

function load(allDescriptors = false): Promise<{ h: HumanLike; dlib: DlibResnet }> {
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
        // FaceRes costs tens of milliseconds a frame: loaded only when it is the match's model or the bench compares models.
        description: { enabled: allDescriptors || FACE_MODEL.descriptor !== 'dlib' },
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
    const dlib = await loadDlibResnet(h.tf, join(faceApiDir, 'model'));
    return { h, dlib };
  })();
  human.catch(() => (human = null));
  return human;
}

/** FaceRes's own crop is the library's (the face box, straightened); this one puts the five points where dlib's chips have them. */
const FACERES_CHIP = 224;
const FACERES_PADDING = Number(process.env.FACE_FACERES_PADDING ?? 0.45);

async function describe(kind: DescriptorKind, f: HumanResult['face'][number], rgb: Uint8Array, width: number, height: number, m: { h: HumanLike; dlib: DlibResnet }): Promise<number[] | null> {
  if (kind === 'faceres') return f.embedding && f.embedding.length > 0 ? Array.from(f.embedding) : null;
  const five = fivePoints(f.mesh);
  if (!five) return null;
  if (kind === 'dlib') {
    const chip = alignedChip(rgb, width, height, five, chipPoints(DLIB_FIVE, DLIB_CHIP, 0.25), DLIB_CHIP);
    try {
      return await m.dlib.describe(chip);
    } finally {
      chip.fill(0);
    }
  }
  const model = m.h.models.models['faceres'];
  if (!model) return null;
  const chip = alignedChip(rgb, width, height, five, chipPoints(DLIB_FIVE, FACERES_CHIP, FACERES_PADDING), FACERES_CHIP);
  const tf = m.h.tf;
  const input = tf.tensor4d(chip, [1, FACERES_CHIP, FACERES_CHIP, 3], 'float32');
  chip.fill(0);
  const out = model.execute(input);
  tf.dispose(input);
  const outs = Array.isArray(out) ? out : [out];
  try {
    const desc = outs.find((t) => t.shape[1] === 1024);
    return desc ? Array.from(await desc.data()) : null;
  } finally {
    tf.dispose(outs);
  }
}

async function analyse(rgb: Uint8Array, width: number, height: number, extra: DescriptorKind[] = [], when: DescribeWhen = 'always', keepPixels = false): Promise<FaceFinding[]> {
  const m = await load();
  const h = m.h;
  const tensor = h.tf.tensor4d(rgb, [1, height, width, 3], 'int32');
  try {
    const r = await h.detect(tensor);
    const findings: FaceFinding[] = [];
    for (const f of r.face) {
      const descriptors: FaceFinding['descriptors'] = {};
      for (const kind of extra) descriptors[kind] = (await describe(kind, f, rgb, width, height, m)) ?? undefined;
      findings.push({
      score: f.score,
      box: f.box,
      embedding: describeWanted(when, r.face.length, f.rotation?.angle.yaw ?? 0) ? await describe(FACE_MODEL.descriptor, f, rgb, width, height, m) : null,
      ...(extra.length ? { descriptors } : {}),
      // human's yaw is positive when the face turns to the image's left; we name turns as the citizen sees them.
      yaw: f.rotation?.angle.yaw ?? 0,
      pitch: f.rotation?.angle.pitch ?? 0,
      roll: f.rotation?.angle.roll ?? 0,
      real: typeof f.real === 'number' ? f.real : null,
      live: typeof f.live === 'number' ? f.live : null,
      landmarks: f.mesh.length >= 468 ? KEY_LANDMARKS.map((i) => [f.mesh[i]![0], f.mesh[i]![1]] as [number, number]) : [],
      });
    }
    return findings;
  } finally {
    h.tf.dispose(tensor);
    if (!keepPixels) rgb.fill(0);
  }
}

parentPort?.on('message', (m: WorkerRequest) => {
  const reply = (r: WorkerReply) => parentPort!.postMessage(r);
  if (m.kind === 'load') {
    load(m.allDescriptors).then(
      () => reply({ id: m.id, ok: true, faces: [] }),
      (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  if (m.kind === 'similarity') {
    // The built-in match's measure (face-model.ts).
    load().then(
      () => reply({ id: m.id, ok: true, faces: [], similarity: FACE_MODEL.similarity(m.a, m.b) }),
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
    analyse(frame.rgb, frame.width, frame.height, [], m.describe, m.pixels).then(
      // The pixels go back (moved); the host wipes them once the vendor engine has described the face.
      (faces) => {
        if (!m.pixels) return reply({ id: m.id, ok: true, faces, size });
        const px = new Uint8Array(frame.rgb);
        frame.rgb.fill(0);
        parentPort!.postMessage({ id: m.id, ok: true, faces, size, rgb: px.buffer } satisfies WorkerReply, [px.buffer]);
      },
      (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  analyse(new Uint8Array(m.rgb), m.width, m.height, m.descriptors, m.describe).then(
    (faces) => reply({ id: m.id, ok: true, faces }),
    (e: unknown) => reply({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
