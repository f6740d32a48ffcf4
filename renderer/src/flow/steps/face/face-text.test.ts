import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaceDecision, FaceGuidance, FaceUnavailableReason } from '../../../../../contracts/identity.js';
import { en } from '../../../i18n/en.js';
import { zhCN } from '../../../i18n/zh-CN.js';
import { cameraUnavailable, failureKey, guidanceKey, GuidanceVoice, skipReason, unavailableKey, type FaceUnavailable } from './face-text.js';

/** The string at a dotted key, or undefined. */
function at(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages);
}

describe('face check words', () => {
  it('every guidance, failure and unavailable reason of the contract has words in zh-CN and en', () => {
    const failures = FaceDecision.shape.failure.unwrap().options;
    const reasons: FaceUnavailable[] = [...FaceUnavailableReason.options, 'camera-denied', 'camera-error'];
    const keys = [...FaceGuidance.options.map(guidanceKey), ...failures.map(failureKey), ...reasons.map(unavailableKey)];
    for (const k of keys) {
      for (const [name, m] of [['zh-CN', zhCN], ['en', en]] as const) {
        const s = at(m, k);
        assert.equal(typeof s, 'string', `${name} ${k}`);
        assert.ok((s as string).length > 2, `${name} ${k}`);
      }
    }
    assert.notEqual(at(zhCN, guidanceKey('turn-left')), at(zhCN, guidanceKey('turn-right')));
  });

  it('a camera that will not open is recorded as no camera, and shown as what happened', () => {
    assert.equal(cameraUnavailable('denied'), 'camera-denied');
    assert.equal(cameraUnavailable('error'), 'camera-error');
    assert.equal(cameraUnavailable('no-camera'), 'no-camera');
    assert.equal(skipReason('camera-denied'), 'no-camera');
    assert.equal(skipReason('camera-error'), 'no-camera');
    assert.equal(skipReason('no-photo'), 'no-photo');
    assert.equal(skipReason('identified-by-app'), 'identified-by-app');
  });
});

describe('spoken guidance: only when it changes, calmly', () => {
  it('says the first guidance at once, then not again while it stays', () => {
    const v = new GuidanceVoice(2500);
    assert.equal(v.next('no-face', 0), true);
    assert.equal(v.next('no-face', 200), false);
    assert.equal(v.next('no-face', 10_000), false);
  });

  it('a changed hint is said once it held for two frames and the gap passed', () => {
    const v = new GuidanceVoice(2500);
    v.next('no-face', 0);
    assert.equal(v.next('too-far', 3000), false, 'one frame only');
    assert.equal(v.next('too-far', 3200), true);
    assert.equal(v.next('off-centre', 3400), false);
    assert.equal(v.next('off-centre', 3600), false, 'too soon after the last words');
    assert.equal(v.next('off-centre', 6000), true);
  });

  it('the challenge is said at once; "decided" never (the result is said instead)', () => {
    const v = new GuidanceVoice(2500);
    v.next('hold-still', 0);
    assert.equal(v.next('turn-left', 100), true);
    assert.equal(v.next('decided', 5000), false);
    assert.equal(v.next('decided', 9000), false);
  });

  it('a new try starts over', () => {
    const v = new GuidanceVoice(2500);
    v.next('no-face', 0);
    v.reset();
    assert.equal(v.next('no-face', 100), true);
  });
});
