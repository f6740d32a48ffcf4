import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KioskError } from '../../../contracts/errors.js';
import { checkDocumentCamera, describeDocumentCamera } from './camera-health.js';

const camera = { label: '高拍仪', deviceId: null, width: 3264, height: 2448, minSharpness: 60, maxGlare: 0.01 };

test('a kiosk without a document camera is offline/not-configured, not a fault, and the worker is not started', async () => {
  let asked = false;
  const h = await checkDocumentCamera(null, { started: async () => void (asked = true) }, 1000);
  assert.deepEqual([h.state, h.detail, h.ok, h.configured, h.worker], ['offline', 'not-configured', true, false, null]);
  assert.equal(asked, false);
  assert.match(describeDocumentCamera(h), /not configured/);
});

test('a worker that does not start is an error with its reason, as data', async () => {
  const h = await checkDocumentCamera(camera, { started: () => Promise.reject(new KioskError('timeout', 'OpenCV did not start within 1000 ms', true)) }, 1000);
  assert.deepEqual([h.state, h.detail, h.ok, h.label, h.width, h.height], ['error', 'worker-not-started', false, '高拍仪', 3264, 2448]);
  assert.deepEqual([h.worker?.started, h.worker?.message], [false, 'OpenCV did not start within 1000 ms']);
  assert.match(describeDocumentCamera(h), /label "高拍仪", 3264×2448, processing worker did not start: OpenCV did not start/);
});
