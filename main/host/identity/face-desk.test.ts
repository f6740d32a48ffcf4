// kiosk-test: long
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { KioskConfig } from '../../../contracts/config.js';
import type { ResultOf } from '../../../contracts/protocol.js';
import { cachedClip } from '../../../drivers/sim/face-synth/clip-cache.js';
import type { CameraClip } from '../../../drivers/sim/face-synth/scenes.js';
import type { RgbImage } from '../../../drivers/sim/face-synth/synth-face.js';
import { toJpeg } from '../../../drivers/sim/face-synth/encode.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';
import { startDemoBackend, type DemoBackend } from '../../demo-backend/index.js';
import { Host } from '../host.js';
import { CARD_TRIES_PER_HOUR } from './card-tries.js';
import type { ThumbnailCalls } from './test-support/thumbnail-face-matcher.js';
import { moduleBeside } from '../../../common/module-beside.js';

/**
 * The face check through the host's contract, as the renderer drives it: the simulated reader's
 * demo card, its photo through the simulated WLT decoder, camera frames as JPEG (synthetic people,
 * drivers/sim/face-synth), the real models in the face worker. What the submission carries is read
 * where it arrives, at a demo back end.
 */
describe('face check (人证核验) on the host', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-face-'));
  const signal = new AbortController().signal;
  const received: { serviceId: string; payload: Record<string, unknown> }[] = [];
  let backend: DemoBackend;
  let host: Host;

  before(async () => {
    backend = await startDemoBackend({
      dataDir: join(dir, 'backend'),
      token: 'tok',
      routes: [(_r, ctx) => ctx.onSubmission((b) => received.push(b as unknown as { serviceId: string; payload: Record<string, unknown> }))],
    });
    host = await Host.create(KioskConfig.parse({ dataDir: join(dir, 'kiosk'), backend: { url: backend.url, token: 'tok' }, identity: { face: { attemptTimeoutSec: 120, requiredCheck: 'enforce' } } }));
  });
  after(async () => {
    await host?.dispose();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(join(dir, 'kiosk')), { force: true });
  });

  const identify = async (key: string) => {
    await host.call('session.end', { reason: 'done' }, signal);
    host.hub.idCardReader.sim!.removeCard();
    const reading = host.call('idcard.read', { timeoutMs: 20_000 }, signal);
    // The reader must see the field empty (a poll) before the same card counts as placed again.
    await new Promise((r) => setTimeout(r, 800));
    host.hub.idCardReader.sim!.placeCard(key);
    await reading;
  };
  const begin = (camera = true) => host.call('face.begin', { serviceId: 'no-criminal-record', stepId: 'face', camera }, signal) as Promise<ResultOf<'face.begin'>>;
  // Each frame is encoded once, though a clip plays twice round (JPEG encoding in JS is not cheap).
  const jpegs = new WeakMap<RgbImage, string>();
  const jpeg = (f: RgbImage) => jpegs.get(f) ?? (jpegs.set(f, toJpeg(f).toString('base64')), jpegs.get(f)!);
  /** Play a clip (twice round at most) into the try until the host decides. */
  const play = async (attemptId: string, clip: CameraClip) => {
    const guidance = new Set<string>();
    for (const f of [...clip.frames, ...clip.frames]) {
      const jpegBase64 = jpeg(f);
      const r = (await host.call('face.frame', { attemptId, jpegBase64 }, signal)) as ResultOf<'face.frame'>;
      guidance.add(r.guidance);
      if (r.decision) return { decision: r.decision, guidance };
    }
    return { decision: null, guidance };
  };
  const small = { width: 320, height: 240, fps: 4 };
  /** A dark frame, to hand the host after a try's time is up. */
  const BLANK_FRAME = toJpeg({ width: 16, height: 16, rgb: new Uint8Array(16 * 16 * 3) }).toString('base64');

  it('the card holder, turning as asked, passes; the submission carries the decision and the audit records it', async () => {
    await identify('wang');
    const b = await begin();
    assert.equal(b.available, true, `unavailable: ${b.reason}`);
    assert.ok(b.challenge === 'turn-left' || b.challenge === 'turn-right');
    const { decision, guidance } = await play(b.attemptId!, cachedClip({ kind: 'live', card: 'wang' }, small));
    assert.ok(decision, `no decision; guidance seen: ${[...guidance].join(', ')}`);
    assert.equal(decision.passed, true, JSON.stringify(decision));
    assert.ok(decision.score >= decision.threshold);
    assert.ok(guidance.has(b.challenge!), 'the citizen was asked to turn');
    // The service's authorisation is signed by hand (its sign step): a few strokes of ink.
    const pad = new PNG({ width: 400, height: 160 });
    for (let x = 40; x < 360; x++) for (let t = -3; t <= 3; t++) pad.data.set([0, 0, 0, 255], ((80 + Math.round(30 * Math.sin(x / 20)) + t) * 400 + x) * 4);
    await host.call('signature.submit', { serviceId: 'no-criminal-record', stepId: 'authorise', pngBase64: PNG.sync.write(pad).toString('base64'), strokes: 3 }, signal);
    const sub = (await host.call('submission.submit', { serviceId: 'no-criminal-record', data: { purpose: 'employment', phone: '13800000000' } }, signal)) as { id: string };
    for (let i = 0; i < 100 && !received.some((r) => (r as unknown as { id: string }).id === sub.id); i++) await new Promise((r) => setTimeout(r, 100));
    const body = received.find((r) => (r as unknown as { id: string }).id === sub.id);
    assert.ok(body, 'the submission reached the back end');
    const iv = body.payload.identityVerification as Record<string, unknown>;
    assert.equal(iv.method, 'face');
    assert.match(String(iv.engine), /^builtin:/);
    assert.equal(iv.outcome, 'passed');
    assert.equal(iv.score, decision.score);
    assert.equal((iv.liveness as { passed: boolean }).passed, true);
    const audit = host.diagnosticsStore.entries(20).find((e) => e.action === 'face-check');
    assert.ok(audit, 'audited');
    assert.ok(!JSON.stringify(audit).includes('王'), 'no name in the audit');
  });

  it('someone else holding the card is refused as a mismatch, and the required check blocks the submission', async () => {
    await identify('lin');
    const b = await begin();
    const { decision } = await play(b.attemptId!, cachedClip({ kind: 'live', card: 'wang' }, small));
    assert.ok(decision);
    assert.equal(decision.passed, false);
    assert.equal(decision.failure, 'mismatch');
    assert.equal(decision.attemptsLeft, 2);
    await assert.rejects(host.call('submission.submit', { serviceId: 'no-criminal-record', data: {} }, signal), { code: 'forbidden' });
  });

  it('a photo of the card holder held up and turned fails liveness', async () => {
    await identify('wang');
    const b = await begin();
    const { decision } = await play(b.attemptId!, cachedClip({ kind: 'photo', card: 'wang' }, small));
    // Either the try ends undecided (the picture never turns far enough) or it is decided as not live.
    if (decision) assert.equal(decision.live, false);
    else {
      const late = host.faces as unknown as { attempt: { deadline: number } | null };
      assert.ok(late.attempt, 'the try is still open');
      late.attempt.deadline = 0;
      const r = (await host.call('face.frame', { attemptId: b.attemptId!, jpegBase64: BLANK_FRAME }, signal)) as ResultOf<'face.frame'>;
      assert.equal(r.decision?.passed, false);
      assert.equal(r.decision?.failure, 'liveness');
    }
  });

  it('nobody in front of the camera: the try times out; tries run out after maxAttempts', async () => {
    await identify('wang');
    const b = await begin();
    const { decision, guidance } = await play(b.attemptId!, cachedClip({ kind: 'empty' }, small));
    assert.equal(decision, null);
    assert.deepEqual([...guidance], ['no-face']);
    (host.faces as unknown as { attempt: { deadline: number } }).attempt.deadline = 0;
    const r = (await host.call('face.frame', { attemptId: b.attemptId!, jpegBase64: BLANK_FRAME }, signal)) as ResultOf<'face.frame'>;
    assert.equal(r.decision?.failure, 'timeout');
    await begin();
    await begin();
    await assert.rejects(begin(), { code: 'forbidden' });
  });

  it('lifting the card and placing it again does not give new tries: the card is locked out for the hour, with one audit row', async () => {
    let tries = 0;
    let locked: { code: string; message: string } | null = null;
    for (let placements = 0; placements < 4 && !locked; placements++) {
      await identify('ouyang');
      for (let i = 0; i < 4; i++) {
        try {
          const b = await begin();
          assert.equal(b.available, true, `unavailable: ${b.reason}`);
          tries++;
        } catch (e) {
          const err = e as { code: string; message: string };
          assert.equal(err.code, 'forbidden');
          if (/for the hour/.test(err.message)) locked = err;
          break; // this session's tries are used up: lift the card and place it again
        }
      }
    }
    assert.ok(locked, `still trying after ${tries} tries`);
    assert.equal(tries, CARD_TRIES_PER_HOUR);
    assert.match(locked.message, /staffed window/);
    assert.ok(!locked.message.includes('320508'), 'no ID number in the message');
    const rows = host.diagnosticsStore.entries(50).filter((e) => e.action === 'face-lockout');
    assert.equal(rows.length, 1, 'one audit row for the lock-out');
    assert.ok(!rows[0]!.detail.includes('320508') && !rows[0]!.detail.includes('欧阳'), 'nothing personal in the audit row');
    // The next placement is still refused.
    await identify('ouyang');
    await assert.rejects(begin(), { code: 'forbidden', message: /for the hour/ });
  });

  it('no camera: a required check is unavailable and cannot be skipped; an optional one is skipped and recorded', async () => {
    await identify('wang');
    const b = await begin(false);
    assert.equal(b.available, false);
    assert.equal(b.reason, 'no-camera');
    const skip = (await host.call('face.skip', { serviceId: 'no-criminal-record', stepId: 'face', reason: 'no-camera' }, signal)) as ResultOf<'face.skip'>;
    assert.equal(skip.allowed, false);
    await assert.rejects(host.call('submission.submit', { serviceId: 'no-criminal-record', data: {} }, signal), { code: 'forbidden' });
    const opt = (await host.call('face.skip', { serviceId: 'id-check', stepId: 'face', reason: 'no-camera' }, signal)) as ResultOf<'face.skip'>;
    assert.equal(opt.allowed, true);
    assert.equal(host.faces.verificationFor('id-check')?.outcome, 'no-camera');
  });

  it('hostile frames are refused as data and the session end wipes every decision', async () => {
    await identify('wang');
    const b = await begin();
    await assert.rejects(host.call('face.frame', { attemptId: b.attemptId!, jpegBase64: Buffer.from('not a jpeg at all').toString('base64') }, signal), { code: 'bad-request' });
    await assert.rejects(host.call('face.frame', { attemptId: b.attemptId!, jpegBase64: 'x'.repeat(400_000) }, signal), { code: 'bad-request' });
    await assert.rejects(host.call('face.frame', { attemptId: 'someone-else', jpegBase64: 'AAAA' }, signal), { code: 'not-found' });
    await host.call('session.end', { reason: 'timeout' }, signal);
    assert.equal(host.faces.verificationFor('no-criminal-record'), null);
    await assert.rejects(host.call('face.frame', { attemptId: b.attemptId!, jpegBase64: 'AAAA' }, signal), { code: 'not-found' });
  });

  // The card 'lin' here: 'wang' has used most of its tries of the hour above (they are counted per card).
  it('policy auto: with the built-in match (not measured good enough) a required check sends the citizen to a staffed window at once; an optional one runs', async () => {
    const face = host.config.identity.face;
    face.requiredCheck = 'auto';
    try {
      await identify('lin');
      const b = await begin();
      assert.equal(b.available, false);
      assert.equal(b.reason, 'engine-not-verified');
      const skip = (await host.call('face.skip', { serviceId: 'no-criminal-record', stepId: 'face', reason: 'engine-not-verified' }, signal)) as ResultOf<'face.skip'>;
      assert.equal(skip.allowed, false, 'the service still needs the check: the staffed window does it');
      const opt = (await host.call('face.begin', { serviceId: 'id-check', stepId: 'face', camera: true }, signal)) as ResultOf<'face.begin'>;
      assert.equal(opt.available, true, `optional check: ${opt.reason}`);
    } finally {
      face.requiredCheck = 'enforce';
    }
  });

  it('a vendor engine in the slot (identity.face.engine) describes the ID photo and the frames, and its scores and threshold decide', async () => {
    const face = host.config.identity.face;
    face.engine = moduleBeside(import.meta.url, './test-support/thumbnail-face-matcher').pathname;
    face.requiredCheck = 'auto';
    (host.faces as unknown as { matcherLoad: unknown }).matcherLoad = null;
    try {
      await identify('lin');
      const b = await begin();
      assert.equal(b.available, true, `a vendor engine enforces the required check: ${b.reason}`);
      const calls = (globalThis as { thumbnailFaceMatcherCalls?: ThumbnailCalls }).thumbnailFaceMatcherCalls!;
      assert.deepEqual([calls.described[0]!.width, calls.described[0]!.height], [102, 126], 'the ID photo, decoded');
      const { decision } = await play(b.attemptId!, cachedClip({ kind: 'live', card: 'lin' }, small));
      assert.ok(decision, 'decided');
      assert.equal(decision.threshold, 0.8);
      assert.ok(calls.described.slice(1).every((d) => d.width === small.width && d.height === small.height), 'camera frames');
      assert.ok(calls.scores.includes(decision.score), 'the score is the engine’s');
      assert.equal(host.faces.verificationFor('no-criminal-record')?.engine, 'test:thumbnail 1.0');
    } finally {
      face.engine = 'builtin';
      face.requiredCheck = 'enforce';
      (host.faces as unknown as { matcherLoad: unknown }).matcherLoad = null;
    }
  });
});
