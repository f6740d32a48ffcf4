import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { MAX_SIGNATURE_BYTES } from '../../contracts/identity.js';
import { startDemoBackend, type DemoBackend } from '../../main/demo-backend/index.js';
import type { SubmissionBody } from '../../main/demo-backend/submissions-route.js';
import { openKioskPage } from './support/browser.js';
import { waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { drawOnPad, identifyWithCard, NAME_STROKES, openService, passFaceCheck, rateAndFinish, typeKeys, waitForStep, withDevPanel } from './support/kiosk-ui.js';
import { pdfText } from '../../drivers/core/test-support/pdf-tools.js';

const TOKEN = 'e2e-signature-token';

/** The canvas as the page's code sees it (the tests are type-checked without the DOM library). */
interface PageCanvas {
  width: number;
  height: number;
  clientWidth: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/**
 * End to end: the no-criminal-record authorisation is signed by hand on the
 * touch screen (real touch input), an empty or tiny signature is refused, "clear" clears, the
 * authorisation prints on the document printer (paper out is said on the step), and the signature PNG reaches the back end inside
 * the submission. The back end is the demo one, started here so the test sees the bodies it gets.
 */
describe('hand signature: the no-criminal-record authorisation signed on the touch screen', () => {
  const received: SubmissionBody[] = [];
  let backend: DemoBackend;
  const config = { backend: { url: '', token: TOKEN }, kioskId: 'hall-05-k02', ui: { idleTimeoutSec: 180, idleWarningSec: 10 }, identity: { face: { requiredCheck: 'enforce' } } };
  // Runs before the suite's own hook starts the kiosk, which then reads the filled-in url.
  before(async () => {
    backend = await startDemoBackend({ dataDir: join(suite.dir, 'backend'), token: TOKEN, routes: [(_r, ctx) => ctx.onSubmission((b) => received.push(b))] });
    config.backend.url = backend.url;
  });
  const suite = kioskSuite({ camera: true, config });
  after(async () => {
    await backend?.close();
  });
  const printedDir = () => join(suite.dir, 'data', 'documents', 'printed');
  const printed = () => (existsSync(printedDir()) ? readdirSync(printedDir()).filter((f) => f.endsWith('.pdf')) : []);

  it('refuses an empty or tiny signature, clears, prints the authorisation, and submits the signature with the application', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'no-criminal-record');
    suite.showToCamera({ kind: 'live', card: 'wang' });
    await identifyWithCard(page, 'wang');
    await passFaceCheck(page);
    await waitForStep(page, 'authorise');
    const sign = page.getByTestId('sign');
    assert.match(await page.getByTestId('sign-text').innerText(), /本人授权公安机关查询/);
    assert.match(await page.getByTestId('step-timer').innerText(), /\d+/);
    const box = (await page.getByTestId('sign-pad').boundingBox())!;
    assert.ok(box.width >= 600 && box.height >= 300, `a box for an elderly hand on the portrait screen: ${box.width}×${box.height}`);
    // The canvas's bitmap is its CSS size at the device pixel ratio.
    const bitmap = await page.getByTestId('sign-pad').evaluate((c) => ({ w: (c as unknown as PageCanvas).width, cw: (c as unknown as PageCanvas).clientWidth, dpr: (globalThis as unknown as { devicePixelRatio: number }).devicePixelRatio }));
    assert.equal(bitmap.w, Math.round(bitmap.cw * bitmap.dpr));

    // Empty: a nudge, and the flow stays.
    await page.getByTestId('next').tap();
    assert.match(await page.getByTestId('sign-nudge').innerText(), /还没有签名/);
    await waitForStep(page, 'authorise');

    // A tap and a tick are not a signature.
    await drawOnPad(page, [[[0.5, 0.5], [0.51, 0.5]], [[0.52, 0.52], [0.54, 0.48]]]);
    await page.locator('[data-testid="sign"][data-strokes="2"]').waitFor();
    assert.equal(await page.getByTestId('sign-nudge').count(), 0, 'drawing takes the nudge away');
    await page.getByTestId('next').tap();
    assert.match(await page.getByTestId('sign-nudge').innerText(), /太小/);
    await waitForStep(page, 'authorise');

    // Clear empties the box (strokes and pixels).
    await page.getByTestId('sign-clear').tap();
    await page.locator('[data-testid="sign"][data-strokes="0"]').waitFor();
    const inked = () => page.getByTestId('sign-pad').evaluate((el) => {
      const c = el as unknown as PageCanvas;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    assert.equal(await inked(), 0, 'clear wipes the pixels');

    // A real signature, printed on the document printer as an A4 authorisation.
    await drawOnPad(page, NAME_STROKES);
    await page.locator(`[data-testid="sign"][data-strokes="${NAME_STROKES.length}"]`).waitFor();
    assert.ok((await inked()) > 500, 'the strokes are drawn');
    const before = printed().length;
    // Paper out: said on the step, nothing printed; the signature stays in the box.
    await withDevPanel(page, (p) => p.getByTestId('sim-doc-a4-out').tap());
    await page.getByTestId('sign-print').tap();
    assert.match(await page.getByTestId('sign-print-error').innerText(), /纸/);
    assert.equal(printed().length, before);
    assert.equal(await sign.getAttribute('data-strokes'), String(NAME_STROKES.length));
    await withDevPanel(page, (p) => p.getByTestId('sim-doc-ok').tap());
    await page.getByTestId('sign-print').tap();
    await page.getByTestId('sign-printed').waitFor({ timeout: 30_000 });
    const pdfs = printed();
    assert.equal(pdfs.length, before + 1);
    const text = pdfText(join(printedDir(), pdfs.at(-1)!)).replace(/\s+/g, '');
    assert.match(text, /查询授权书/);
    assert.match(text, /王\*/);
    assert.ok(!text.includes('王芳') && !text.includes('320508199001010029'), 'the authorisation shows the name and number masked');

    // Confirm: the flow goes on to the form.
    await page.getByTestId('next').tap();
    await waitForStep(page, 'details');
    assert.equal(await sign.count(), 0);
    await page.getByTestId('field-purpose-visa').tap();
    await page.getByTestId('field-phone').tap();
    await typeKeys(page, '13912345678');
    await page.getByTestId('next').tap();
    await page.getByTestId('confirm').waitFor();
    await page.getByTestId('next').tap();
    await page.getByTestId('case-number').waitFor({ timeout: 15_000 });

    // The back end got the application with the signature PNG in its body.
    const body = await waitForValue('the submission at the back end', () => received.find((b) => b.serviceId === 'no-criminal-record'));
    assert.equal(body.kioskId, 'hall-05-k02');
    const sig = body.payload.signature as { stepId: string; format: string; base64: string; strokes: number; at: string };
    assert.equal(sig.stepId, 'authorise');
    assert.equal(sig.format, 'png');
    assert.equal(sig.strokes, NAME_STROKES.length);
    const bytes = Buffer.from(sig.base64, 'base64');
    assert.ok(bytes.length <= MAX_SIGNATURE_BYTES);
    const png = PNG.sync.read(bytes);
    // Trimmed to the ink: narrower than the box (the strokes span 70 % of it), and not blank.
    assert.ok(png.width <= 1200 && png.width < box.width * bitmap.dpr, `${png.width}×${png.height}`);
    let ink = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i]! > 64) ink++;
    assert.ok(ink > 500, `ink pixels: ${ink}`);

    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('in landscape (1366×768) the box still fits beside the text, and going back to the step starts from an empty box', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1366, height: 768 });
    await openService(page, 'no-criminal-record');
    suite.showToCamera({ kind: 'live', card: 'lin' });
    await identifyWithCard(page, 'lin');
    await passFaceCheck(page);
    await waitForStep(page, 'authorise');
    const box = (await page.getByTestId('sign-pad').boundingBox())!;
    assert.ok(box.height >= 200 && box.width >= 500, `${box.width}×${box.height}`);
    assert.ok(box.y + box.height <= 768, 'the box is on screen');
    // The nudge goes when the first stroke ends, and the box grows: the strokes drawn while it
    // resizes must all stay (the canvas is redrawn between strokes, never during one).
    await page.getByTestId('next').tap();
    await page.getByTestId('sign-nudge').waitFor();
    await drawOnPad(page, NAME_STROKES);
    await page.locator(`[data-testid="sign"][data-strokes="${NAME_STROKES.length}"]`).waitFor();
    await page.getByTestId('next').tap();
    await waitForStep(page, 'details');
    await page.getByTestId('back').tap();
    await waitForStep(page, 'authorise');
    assert.equal(await page.getByTestId('sign').getAttribute('data-strokes'), '0', 'a fresh, empty box');
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
