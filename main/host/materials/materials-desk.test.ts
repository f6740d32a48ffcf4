import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KioskConfig } from '../../../contracts/config.js';
import type { IdCard } from '../../../contracts/devices.js';
import { MAX_CAPTURE_PART_BYTES } from '../../../contracts/materials.js';
import { PdfFile } from '../../../documents/pdf/pdf-inspect.test-helper.js';
import { bundleMaterialScope } from '../../../contracts/bundle-materials.js';
import { loadCatalog, loadServiceCatalog } from '../service-catalog.js';
import { Session } from '../session.js';
import { MaterialsDesk } from './materials-desk.js';
import { loadOpenCv, type Cv } from './opencv.js';
import { deskJpeg } from './test-support/desk-scene.js';

const services = await loadServiceCatalog(join(import.meta.dirname, '../../../services'));
const ref = { serviceId: 'household-materials', stepId: 'register' };
const def = services.find((s) => s.id === ref.serviceId)!;
const card = (n: string) => ({ name: n, idNumber: '110101199003070011', cardType: 'resident', warnings: [], photo: null, birthDate: '19900307' }) as unknown as IdCard;

/** Send a frame as the renderer does: in parts under the socket's message limit. */
async function capture(desk: MaterialsDesk, page: number, jpeg: Buffer, captureId = `c${page}`) {
  const parts = Math.ceil(jpeg.length / MAX_CAPTURE_PART_BYTES);
  let last;
  for (let part = 0; part < parts; part++) {
    const data = Buffer.from(jpeg.subarray(part * MAX_CAPTURE_PART_BYTES, (part + 1) * MAX_CAPTURE_PART_BYTES));
    last = await desk.capturePart({ ...ref, page, captureId, part, parts, data, mode: 'clean' });
    if (part < parts - 1) assert.equal(last.state, 'partial');
  }
  return last!;
}

test('three pages in parts → one PDF in the submission: three A4 pages, their names searchable, the QR readable; then wiped', async () => {
  const cv = (await loadOpenCv()) as Cv & { BORDER_TRANSPARENT: number };
  const session = new Session();
  session.setIdentity(card('张三'));
  const desk = new MaterialsDesk({ config: KioskConfig.parse({}), session, services });
  try {
    await assert.rejects(desk.attachmentsFor(def), /needs at least 3 page/);
    for (let page = 0; page < 3; page++) {
      // 1.6 MB of JPEG: it needs several parts.
      const jpeg = await deskJpeg(cv, { width: 2400, height: 1800, qrText: `OPENKIOSK-PAGE-${page + 1}` });
      const r = await capture(desk, page, jpeg);
      assert.equal(r.state, 'accepted', JSON.stringify(r));
    }
    const listed = desk.list(ref.serviceId, ref.stepId);
    assert.deepEqual(listed.map((p) => p.page), [0, 1, 2]);
    // The thumbnail the page list shows is a JPEG (it crossed the worker boundary intact).
    for (const p of listed) assert.deepEqual([...Buffer.from(p.thumbnailJpegBase64, 'base64').subarray(0, 3)], [0xff, 0xd8, 0xff]);
    const [m, ...rest] = await desk.attachmentsFor(def);
    assert.equal(rest.length, 0);
    assert.equal(m!.type, 'household-register');
    assert.equal(m!.name, '户口簿');
    assert.equal(m!.pages, 3);
    const pdf = Buffer.from(m!.pdfBase64, 'base64');
    assert.match(m!.sha256, /^[0-9a-f]{64}$/);
    const f = new PdfFile(pdf);
    try {
      assert.equal(f.pages(), 3);
      const size = f.pageSize();
      assert.ok(Math.abs(size.w - 595.28) < 1 && Math.abs(size.h - 841.89) < 1, JSON.stringify(size));
      const text = f.text();
      for (const name of ['户口簿首页', '户主页', '本人页']) assert.ok(text.includes(name), `${name} in ${JSON.stringify(text)}`);
      assert.equal(f.decodeQr({ xMm: 105, yMm: 190, wMm: 105, hMm: 107 }), 'OPENKIOSK-PAGE-1');
    } finally {
      f.dispose();
    }
    desk.taken(ref.serviceId);
    assert.deepEqual(desk.list(ref.serviceId, ref.stepId), []);
  } finally {
    await desk.dispose();
  }
});

test('retake, parts out of order, another citizen, a step that is not a capture step, no camera', async () => {
  const cv = (await loadOpenCv()) as Cv & { BORDER_TRANSPARENT: number };
  const session = new Session();
  session.setIdentity(card('张三'));
  const desk = new MaterialsDesk({ config: KioskConfig.parse({}), session, services });
  try {
    const jpeg = await deskJpeg(cv, { width: 1600, height: 1200 });
    assert.equal((await capture(desk, 0, jpeg)).state, 'accepted');
    assert.equal((await capture(desk, 1, jpeg)).state, 'accepted');
    assert.deepEqual(desk.remove(ref.serviceId, ref.stepId, 0).map((p) => p.page), [1]);
    const blurred = await capture(desk, 0, await deskJpeg(cv, { width: 1600, height: 1200, blurSigma: 4 }));
    assert.deepEqual(blurred, { state: 'retake', reason: 'blurred' });
    await assert.rejects(desk.capturePart({ ...ref, page: 0, captureId: 'x', part: 1, parts: 2, data: Buffer.from('ab'), mode: 'clean' }), /out of order/);
    await assert.rejects(desk.capturePart({ ...ref, page: 5, captureId: 'y', part: 0, parts: 1, data: jpeg, mode: 'clean' }), /at most 5 pages/);
    assert.throws(() => desk.list(ref.serviceId, 'identify'), /not a capture-documents step/);
    // Another citizen identifies: the first one's pages are gone.
    session.setIdentity(card('李四'));
    assert.deepEqual(desk.list(ref.serviceId, ref.stepId), []);
    const none = new MaterialsDesk({ config: KioskConfig.parse({ devices: { documentCamera: null } }), session, services });
    await assert.rejects(none.capturePart({ ...ref, page: 0, captureId: 'z', part: 0, parts: 1, data: jpeg, mode: 'clean' }), /no document camera/);
    await none.dispose();
  } finally {
    await desk.dispose();
  }
});

test('a bundle\'s materials: each captured once under bundle:<id> (户口簿 with its named pages), one PDF per type; a material no member needs is refused', async () => {
  const cv = (await loadOpenCv()) as Cv & { BORDER_TRANSPARENT: number };
  const catalog = loadCatalog(join(import.meta.dirname, '../../../services'));
  const session = new Session();
  session.setIdentity(card('张三'));
  const desk = new MaterialsDesk({ config: KioskConfig.parse({}), session, services: catalog.services, catalogBundles: { bundles: catalog.bundles } });
  const scope = bundleMaterialScope('newborn');
  const take = async (stepId: string, page: number, jpeg: Buffer) => desk.capturePart({ serviceId: scope, stepId, page, captureId: `${stepId}-${page}`, part: 0, parts: 1, data: Buffer.from(jpeg), mode: 'clean' });
  try {
    const jpeg = await deskJpeg(cv, { width: 1600, height: 1200 });
    // The household register borrows the household-materials service's three named pages.
    for (const page of [0, 1, 2]) assert.equal((await take('household-register', page, jpeg)).state, 'accepted');
    await assert.rejects(desk.bundleAttachments('newborn', ['household-register', 'birth-medical-certificate']), /出生医学证明 needs at least 1 page/);
    assert.equal((await take('birth-medical-certificate', 0, jpeg)).state, 'accepted');
    const pdfs = await desk.bundleAttachments('newborn', ['household-register', 'birth-medical-certificate']);
    assert.deepEqual([...pdfs.values()].map((m) => [m.type, m.name, m.pages]), [['household-register', '户口簿', 3], ['birth-medical-certificate', '出生医学证明', 1]]);
    const f = new PdfFile(Buffer.from(pdfs.get('household-register')!.pdfBase64, 'base64'));
    try {
      assert.equal(f.pages(), 3);
      for (const name of ['户口簿首页', '户主页', '本人页']) assert.ok(f.text().includes(name), name);
    } finally {
      f.dispose();
    }
    assert.throws(() => desk.list(scope, 'business-license'), /no member of newborn needs the material "business-license"/);
    assert.throws(() => desk.list(bundleMaterialScope('nope'), 'household-register'), /no bundle "nope"/);
    // A service's pages and the bundle's do not mix.
    assert.throws(() => desk.list('household-materials', 'household-register'), /has no step "household-register"/);
    desk.taken(scope);
    assert.deepEqual(desk.list(scope, 'household-register'), []);
  } finally {
    await desk.dispose();
  }
});
