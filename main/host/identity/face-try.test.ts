import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FaceFinding } from './face-engine-types.js';
import { FaceTry, LIVENESS_DEFAULTS, type TryConfig } from './face-try.js';

/**
 * The try's logic on stated findings (what the engine would report): the order of guidance, the
 * challenge's direction, continuity of the person, and each way to fail. The same logic runs on
 * real renders through the engine in face-desk.test.ts.
 */
const cfg = (over: Partial<TryConfig> = {}): TryConfig => ({ threshold: 0.6, challenge: 'turn-left', ...LIVENESS_DEFAULTS, minContinuity: 0.5, ...over });
// "Descriptors" whose similarity the stand-in measure reads off the first value.
const person = (v: number) => [v, 0, 0];
const sim = async (a: number[], b: number[]) => 1 - Math.abs(a[0]! - b[0]!);

/** Landmarks of a head (nose ahead of the cheeks) at `yaw`, or of a flat picture. */
function landmarks(yaw: number, flat = false): [number, number][] {
  const pts: [number, number, number][] = [[0, -0.1, 0.45], [0, 0.05, 0.35], [0, 0.35, 0.2], [-0.35, 0.3, 0.1], [0.35, 0.3, 0.1], [-0.25, -0.45, 0.12], [0.25, -0.45, 0.12], [0, -0.85, 0.1], [-0.75, 0.1, -0.2], [0.75, 0.1, -0.2], [-0.6, -0.5, -0.1], [0.6, -0.5, -0.1]];
  return pts.map(([x, y, z]) => {
    // Depth as a real head has it: the nose tip about a face's half-width ahead of the cheek outline.
    const zz = flat ? 0 : z * 1.8;
    return [320 + (x * Math.cos(yaw) + zz * Math.sin(yaw)) * 120, 240 - y * 120];
  });
}
const face = (o: Partial<FaceFinding> & { who?: number; turn?: number; flat?: boolean } = {}): FaceFinding => ({
  score: 0.99,
  box: [220, 120, 200, 220],
  embedding: person(o.who ?? 0.9),
  // The citizen's left is negative yaw for the library (face-try.ts).
  yaw: -(o.turn ?? 0),
  pitch: 0,
  roll: 0,
  real: 0.8,
  live: 0.8,
  landmarks: landmarks(o.turn ?? 0, o.flat),
  ...o,
});

describe('one try of the face check', () => {
  it('guides to the camera, gathers frontal frames, asks the challenge, decides a pass', async () => {
    const t = new FaceTry(person(0.9), cfg(), sim);
    assert.equal((await t.onFrame([], 640)).guidance, 'no-face');
    assert.equal((await t.onFrame([face(), face()], 640)).guidance, 'multiple-faces');
    assert.equal((await t.onFrame([face({ box: [300, 200, 40, 40] })], 640)).guidance, 'too-far');
    assert.equal((await t.onFrame([face({ turn: 0.4 })], 640)).guidance, 'look-straight');
    assert.equal((await t.onFrame([face()], 640)).guidance, 'hold-still');
    assert.equal((await t.onFrame([face()], 640)).guidance, 'turn-left');
    assert.equal((await t.onFrame([face({ turn: -0.5 })], 640)).guidance, 'turn-left', 'turning the other way does not count');
    const out = await t.onFrame([face({ turn: 0.5 })], 640);
    assert.equal(out.guidance, 'decided');
    assert.deepEqual({ ...out.decision, score: Math.round(out.decision!.score * 100) / 100 }, { match: true, live: true, passed: true, score: 1, threshold: 0.6, failure: null });
  });

  it('another face than the card’s fails as a mismatch', async () => {
    const t = new FaceTry(person(0.1), cfg(), sim);
    await t.onFrame([face()], 640);
    await t.onFrame([face()], 640);
    const out = await t.onFrame([face({ turn: 0.5 })], 640);
    assert.equal(out.decision?.failure, 'mismatch');
    assert.equal(out.decision?.live, true);
  });

  it('a picture turned as asked moves like a plane and fails liveness; so does a low antispoof score', async () => {
    const flat = new FaceTry(person(0.9), cfg(), sim);
    await flat.onFrame([face({ flat: true })], 640);
    await flat.onFrame([face({ flat: true })], 640);
    const out = await flat.onFrame([face({ turn: 0.5, flat: true })], 640);
    assert.equal(out.decision?.failure, 'liveness');
    assert.equal(out.decision?.match, true);
    const spoofy = new FaceTry(person(0.9), cfg(), sim);
    for (const f of [face({ real: 0.1 }), face({ real: 0.1 }), face({ turn: 0.5, real: 0.1 })]) await spoofy.onFrame([f], 640);
    assert.equal(spoofy.decision?.failure, 'liveness');
  });

  it('a different person turning in place of the first does not complete the challenge', async () => {
    const t = new FaceTry(person(0.9), cfg(), sim);
    await t.onFrame([face()], 640);
    await t.onFrame([face()], 640);
    assert.equal((await t.onFrame([face({ turn: 0.5, who: 0.2 })], 640)).decision, null);
  });

  it('time running out decides: timeout without a face, liveness without the turn', async () => {
    const none = new FaceTry(person(0.9), cfg(), sim);
    await none.onFrame([], 640);
    assert.equal(none.expire().failure, 'timeout');
    const still = new FaceTry(person(0.9), cfg(), sim);
    await still.onFrame([face()], 640);
    await still.onFrame([face()], 640);
    await still.onFrame([face()], 640);
    assert.equal(still.expire().failure, 'liveness');
  });

  it('wipe overwrites the descriptors it held', async () => {
    const id = person(0.9);
    const t = new FaceTry(id, cfg(), sim);
    const f = face();
    await t.onFrame([f], 640);
    // The try keeps its own copy (the caller wipes the frame's findings at once).
    const held = (t as unknown as { frontal: { embedding: number[] }[] }).frontal[0]!.embedding;
    assert.notEqual(held, f.embedding);
    t.wipe();
    assert.deepEqual(id, [0, 0, 0]);
    assert.deepEqual(held, [0, 0, 0]);
  });
});
