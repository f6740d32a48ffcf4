import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { y4mFrame, y4mHeader } from '../../../drivers/sim/face-synth/y4m.js';
import { loadOpenCv, type Cv } from '../../../main/host/materials/opencv.js';
import { deskFrame, type SceneOptions } from '../../../main/host/materials/test-support/desk-scene.js';

/**
 * What Chromium's fake camera shows the document camera step: a printed page (corner marks, lines of
 * "text", a QR code) lying at an angle on a desk — sharp, out of focus, or under a reflection —
 * rendered by the same scene code the unit tests use and warped by OpenCV. Clips are cached in the
 * temp folder under the hash of what makes them (the scene's source and its options), so a change
 * to either renders a new one.
 */
export type DocumentScene = 'page' | 'blurred' | 'glare';

const SIZE = { width: 1600, height: 1200 };
const SCENES: Record<DocumentScene, Partial<SceneOptions>> = { page: {}, blurred: { blurSigma: 4 }, glare: { glare: true } };
export const QR_TEXT = 'OPENKIOSK-MATERIAL-E2E';
const CACHE = join(tmpdir(), 'kiosk-fake-doccam');

async function cached(scene: DocumentScene): Promise<string> {
  const options: SceneOptions = { ...SIZE, qrText: QR_TEXT, ...SCENES[scene] };
  const source = readFileSync(join(import.meta.dirname, '../../../main/host/materials/test-support/desk-scene.ts'));
  const hash = createHash('sha256').update(source).update(JSON.stringify(options)).digest('hex').slice(0, 16);
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${scene}-${hash}.y4m`);
  if (existsSync(file)) return file;
  const cv = (await loadOpenCv()) as Cv & { BORDER_TRANSPARENT: number };
  const rgb = await deskFrame(cv, options);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, y4mHeader(SIZE.width, SIZE.height, 5));
    // A still page: a few identical frames (the fake camera loops them).
    const frame = y4mFrame({ ...SIZE, rgb });
    for (let i = 0; i < 3; i++) writeSync(fd, frame);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}

/** Put `scene` in front of the fake camera whose file is `cameraFile` (read when a page next opens the camera). */
export async function showToDocumentCamera(cameraFile: string, scene: DocumentScene): Promise<void> {
  copyFileSync(await cached(scene), cameraFile);
}
