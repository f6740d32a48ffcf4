import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KioskConfig } from '../../../contracts/config.js';
import { MAX_CAPTURE_PART_BYTES } from '../../../contracts/materials.js';
import { CARD_MM, SIDE_TOP_MM } from '../../../documents/pdf/id-copy-pdf.js';
import { PdfFile } from '../../../documents/pdf/pdf-inspect.test-helper.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';
import { Host } from '../host.js';
import { loadOpenCv, type Cv } from './opencv.js';
import { deskJpeg, drawCard } from './test-support/desk-scene.js';

describe('host: the ID card copy (capture both sides on the document camera, print them on one A4 sheet)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-id-copy-'));
  const signal = new AbortController().signal;
  const ref = { serviceId: 'id-card-copy', stepId: 'card' };
  let host: Host;
  let cv: Cv & { BORDER_TRANSPARENT: number };

  before(async () => {
    host = await Host.create(KioskConfig.parse({ dataDir: dir }));
    cv = (await loadOpenCv()) as Cv & { BORDER_TRANSPARENT: number };
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true });
  });

  /** Send a frame of one card side as the renderer does, in parts. */
  async function capture(page: number, side: 'front' | 'back') {
    const jpeg = await deskJpeg(cv, { width: 2400, height: 1800, subject: drawCard(side, `CARD-${side.toUpperCase()}`) });
    const parts = Math.ceil(jpeg.length / MAX_CAPTURE_PART_BYTES);
    let last: unknown;
    for (let part = 0; part < parts; part++) {
      const dataBase64 = jpeg.subarray(part * MAX_CAPTURE_PART_BYTES, (part + 1) * MAX_CAPTURE_PART_BYTES).toString('base64');
      last = await host.call('materials.capture', { ...ref, page, captureId: `c${page}`, part, parts, dataBase64, mode: 'colour' }, signal);
    }
    return last as { state: string; page?: { width: number; height: number } };
  }

  it('refuses before both sides are taken or with a purpose it cannot print; then prints one sheet, the sides in place and readable, and forgets them', async () => {
    const print = (purpose: string) => host.call('materials.printIdCopy', { serviceId: 'id-card-copy', stepId: 'print', purpose }, signal);
    await assert.rejects(print('办理银行业务'), { code: 'bad-request', message: /both sides/ });
    const front = await capture(0, 'front');
    assert.equal(front.state, 'accepted', JSON.stringify(front));
    // Rectified to the card's own size at 300 dpi (ID-1), not to a sheet of A4.
    assert.deepEqual([front.page!.width, front.page!.height], [1011, 638]);
    await assert.rejects(print('办理银行业务'), { code: 'bad-request', message: /both sides/ });
    assert.equal((await capture(1, 'back')).state, 'accepted');
    await assert.rejects(print('   '), { code: 'bad-request', message: /purpose/ });
    await assert.rejects(host.call('materials.printIdCopy', { serviceId: 'household-materials', stepId: 'register', purpose: 'x' }, signal), { code: 'bad-request' });

    const queued = (await host.call('queue.status', {}, signal)) as { pending: number };
    const r = (await print('办理银行业务')) as { jobId: string; watermark: string };
    assert.equal(r.watermark, '仅供办理银行业务使用');
    const printed = host.hub.documentPrinter.sim!.printed();
    assert.equal(printed.length, 1);
    assert.equal(printed[0]!.jobId, r.jobId);
    assert.match(printed[0]!.media, /^A4/);
    const pdf = new PdfFile(readFileSync(printed[0]!.file));
    try {
      assert.equal(pdf.pages(), 1);
      assert.ok(pdf.text().includes('仅供办理银行业务使用'));
      // Front above, back below, each where the layout puts it and rectified well enough to decode.
      const x = (210 - CARD_MM.w) / 2;
      assert.equal(pdf.decodeQr({ xMm: x + CARD_MM.w / 2, yMm: SIDE_TOP_MM.front + CARD_MM.h / 2, wMm: CARD_MM.w / 2, hMm: CARD_MM.h / 2 }, 300), 'CARD-FRONT');
      assert.equal(pdf.decodeQr({ xMm: x + CARD_MM.w / 2, yMm: SIDE_TOP_MM.back + CARD_MM.h / 2, wMm: CARD_MM.w / 2, hMm: CARD_MM.h / 2 }, 300), 'CARD-BACK');
    } finally {
      pdf.dispose();
    }
    // Nothing went to the offline queue, and the desk no longer holds the sides.
    assert.equal(((await host.call('queue.status', {}, signal)) as { pending: number }).pending, queued.pending);
    assert.deepEqual(((await host.call('materials.list', ref, signal)) as { pages: unknown[] }).pages, []);
    await assert.rejects(print('办理银行业务'), { code: 'bad-request', message: /both sides/ });
  });
});
