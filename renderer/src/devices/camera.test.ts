import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FRAME_BYTES, MAX_FRAME_EDGE } from '../../../contracts/identity.js';
import { chooseCamera, failureOf, FRAME_EDGE, frameFits, frameSize, type VideoDevice } from './camera.js';

const cam = (deviceId: string, label: string): VideoDevice => ({ kind: 'videoinput', deviceId, label });
const mic: VideoDevice = { kind: 'audioinput', deviceId: 'mic1', label: 'USB Microphone' };
const config = (c: { label?: string | null; deviceId?: string | null } = {}) => ({ label: c.label ?? null, deviceId: c.deviceId ?? null, width: 640, height: 480 });

describe('face camera choice (identity.camera against the device list)', () => {
  const devices = [mic, cam('aaa', 'Integrated Webcam (0bda:5520)'), cam('bbb', 'HD USB Camera (32e4:9230)')];

  it('no camera configured: none, whatever is attached', () => {
    assert.equal(chooseCamera(devices, null), null);
  });

  it('nothing named: the first camera, never a microphone', () => {
    assert.deepEqual(chooseCamera(devices, config()), { deviceId: 'aaa' });
    assert.equal(chooseCamera([mic], config()), null);
    assert.equal(chooseCamera([], config()), null);
  });

  it('a label matches as a case-insensitive substring; a label nobody has: none', () => {
    assert.deepEqual(chooseCamera(devices, config({ label: 'hd usb' })), { deviceId: 'bbb' });
    assert.equal(chooseCamera(devices, config({ label: 'Logitech' })), null);
  });

  it('a device id must be present', () => {
    assert.deepEqual(chooseCamera(devices, config({ deviceId: 'bbb' })), { deviceId: 'bbb' });
    assert.equal(chooseCamera(devices, config({ deviceId: 'zzz' })), null);
  });

  it('before the permission (labels and ids hidden): open any camera, choose again after', () => {
    const hidden = [cam('', ''), cam('', '')];
    assert.deepEqual(chooseCamera(hidden, config({ label: 'HD USB' })), { deviceId: null });
    assert.deepEqual(chooseCamera(hidden, config({ deviceId: 'bbb' })), { deviceId: null });
    assert.deepEqual(chooseCamera(hidden, config()), { deviceId: null });
  });
});

describe('frame size for the host', () => {
  it('the longest edge is capped, the aspect kept, small frames not enlarged', () => {
    assert.ok(FRAME_EDGE <= 640 && FRAME_EDGE <= MAX_FRAME_EDGE);
    assert.deepEqual(frameSize(1920, 1080), { width: 640, height: 360 });
    assert.deepEqual(frameSize(1080, 1920), { width: 360, height: 640 });
    assert.deepEqual(frameSize(1280, 720, 1280), { width: 1280, height: 720 });
    assert.deepEqual(frameSize(320, 240), { width: 320, height: 240 });
    assert.deepEqual(frameSize(0, 0), { width: 0, height: 0 });
  });

  it('a JPEG over the byte limit is not sent', () => {
    assert.equal(frameFits(MAX_FRAME_BYTES), true);
    assert.equal(frameFits(MAX_FRAME_BYTES + 1), false);
    assert.equal(frameFits(0), false);
  });
});

describe('camera failures as reasons', () => {
  it('maps getUserMedia error names', () => {
    assert.equal(failureOf({ name: 'NotAllowedError' }), 'denied');
    assert.equal(failureOf({ name: 'SecurityError' }), 'denied');
    assert.equal(failureOf({ name: 'NotFoundError' }), 'no-camera');
    assert.equal(failureOf({ name: 'OverconstrainedError' }), 'no-camera');
    assert.equal(failureOf({ name: 'NotReadableError' }), 'error');
    assert.equal(failureOf(null), 'error');
  });
});
