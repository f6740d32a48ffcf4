import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfFile } from '../../../documents/pdf/pdf-inspect.test-helper.js';
import { y4mFrame, y4mHeader } from '../../../drivers/sim/face-synth/y4m.js';
import { loadOpenCv, type Cv } from '../../../main/host/materials/opencv.js';
import { cardCorners, deskFrame, drawCard, type SceneOptions } from '../../../main/host/materials/test-support/desk-scene.js';
import { moduleBeside } from '../../../common/module-beside.js';

/** The scene renderer the clips are made by (its built copy when this file runs from dist-test/): a change renders them afresh. */
const DESK_SCENE = moduleBeside(import.meta.url, '../../../main/host/materials/test-support/desk-scene');

/**
 * What Chromium's fake camera shows the document camera step: a printed page (corner marks, lines of
 * "text", a QR code) lying at an angle on a desk — sharp, out of focus, or under a reflection —
 * rendered by the same scene code the unit tests use and warped by OpenCV. Clips are cached in the
 * temp folder under the hash of what makes them (the scene's source and its options), so a change
 * to either renders a new one.
 */
export type DocumentScene = 'page' | 'blurred' | 'glare' | 'id-card';

const SIZE = { width: 1600, height: 1200 };
const SCENES: Record<Exclude<DocumentScene, 'id-card'>, Partial<SceneOptions>> = { page: {}, blurred: { blurSigma: 4 }, glare: { glare: true } };
export const QR_TEXT = 'OPENKIOSK-MATERIAL-E2E';
const CACHE = join(tmpdir(), 'kiosk-fake-doccam');

/**
 * The ID card, as a citizen turns it over: the front for the first 40 s after the camera opens (it
 * lies still, so it is taken by itself), then the back, laid down a little to the right (moved, so it
 * is taken by itself too). One frame a second (Chromium paces a clip by its own frame rate, and
 * opens none slower than that), the card large in the frame so its small QR codes stay readable.
 */
export const CARD_QR = { front: 'OPENKIOSK-CARD-FRONT', back: 'OPENKIOSK-CARD-BACK' } as const;
const CARD_CLIP = { width: 960, height: 720, framesPerSide: 30 };

async function cachedCard(): Promise<string> {
  const { width, height } = CARD_CLIP;
  const back = cardCorners(width, height, -4, 0.55).map((p) => ({ x: p.x + 0.08, y: p.y + 0.04 })) as SceneOptions['corners'];
  const sides: SceneOptions[] = [
    { width, height, subject: drawCard('front', CARD_QR.front), corners: cardCorners(width, height, 6, 0.55) },
    { width, height, subject: drawCard('back', CARD_QR.back), corners: back },
  ];
  return writeClip('id-card', [...sides.map((s) => ({ ...s, subject: undefined })), CARD_CLIP, CARD_QR], async (fd) => {
    const cv = (await loadOpenCv()) as Cv & { BORDER_TRANSPARENT: number };
    fd.header(`YUV4MPEG2 W${width} H${height} F1:1 Ip A1:1 C420jpeg\n`);
    for (const s of sides) {
      const frame = y4mFrame({ width, height, rgb: await deskFrame(cv, s) });
      for (let i = 0; i < CARD_CLIP.framesPerSide; i++) fd.frame(frame);
    }
  });
}

/** A clip cached under the hash of the scene's source and `key`, written by `write` (header, then frames). */
async function writeClip(name: string, key: unknown, write: (out: { header(h: string): void; frame(f: Buffer): void }) => Promise<void>): Promise<string> {
  const source = readFileSync(DESK_SCENE);
  const hash = createHash('sha256').update(source).update(JSON.stringify(key)).digest('hex').slice(0, 16);
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${name}-${hash}.y4m`);
  if (existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    await write({ header: (h) => void writeSync(fd, h, null, 'ascii'), frame: (f) => void writeSync(fd, f) });
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}

async function cached(scene: DocumentScene): Promise<string> {
  if (scene === 'id-card') return cachedCard();
  const options: SceneOptions = { ...SIZE, qrText: QR_TEXT, ...SCENES[scene] };
  const source = readFileSync(DESK_SCENE);
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

/** GET a material's PDF from the demo back end, as the department's side would fetch it. */
export function fetchMaterialPdf(backendUrl: string, token: string, submissionId: string, type: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(`/v1/submissions/${submissionId}/materials/${type}`, backendUrl), { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The household register as the fake camera showed it: three named pages, and the page's QR code readable. */
export async function assertHouseholdRegisterPdf(backendUrl: string, token: string, submissionId: string): Promise<void> {
  const got = await fetchMaterialPdf(backendUrl, token, submissionId, 'household-register');
  assert.equal(got.status, 200);
  const pdf = new PdfFile(got.body);
  try {
    assert.equal(pdf.pages(), 3);
    const text = pdf.text();
    for (const name of ['户口簿首页', '户主页', '本人页']) assert.ok(text.includes(name), `${name} in the PDF's text`);
    assert.equal(pdf.decodeQr({ xMm: 105, yMm: 190, wMm: 105, hMm: 107 }), QR_TEXT);
  } finally {
    pdf.dispose();
  }
}
