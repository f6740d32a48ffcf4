import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Methods } from './protocol.js';

// Host.call checks every request's params against these schemas before any handler runs: what one
// refuses never reaches the status query or the printer.
test('the status query and the ID card copy refuse huge, mistyped, missing or extra-keyed params', () => {
  const bad: [keyof typeof Methods, unknown][] = [
    ['case.status', { caseNumber: '1'.repeat(100_000) }],
    ['case.status', { caseNumber: 42 }],
    ['case.status', { caseNumber: 'K01-2222-2222-2', idNumber: '320508199001010029' }],
    ['case.status', {}],
    ['materials.printIdCopy', { serviceId: 'id-card-copy', stepId: 'print', purpose: '办'.repeat(10_000) }],
    ['materials.printIdCopy', { serviceId: 'id-card-copy', stepId: 'print' }],
    ['materials.printIdCopy', { serviceId: 'id-card-copy', stepId: 'print', purpose: ['办理银行业务'] }],
    ['materials.printIdCopy', { serviceId: 'x'.repeat(5000), stepId: 'print', purpose: '办理银行业务' }],
  ];
  for (const [method, params] of bad) assert.equal(Methods[method].params.safeParse(params).success, false, `${method} ${JSON.stringify(params).slice(0, 80)}`);
  assert.equal(Methods['case.status'].params.safeParse({ caseNumber: 'K01-2222-2222-2' }).success, true);
  assert.equal(Methods['materials.printIdCopy'].params.safeParse({ serviceId: 'id-card-copy', stepId: 'print', purpose: '办理银行业务' }).success, true);
});

// The document camera entry waits for OpenCV's start: the wait is bounded both ways, the token required.
test('diag.documentCamera refuses a missing token, an unbounded or mistyped wait and extra keys', () => {
  const token = 't'.repeat(43);
  const params = Methods['diag.documentCamera'].params;
  const bad: unknown[] = [{}, { token: 'short' }, { token: 't'.repeat(10_000) }, { token, timeoutMs: 999 }, { token, timeoutMs: 120_001 }, { token, timeoutMs: 1.5e3 + 0.5 }, { token, timeoutMs: '60000' }, { token, camera: 'video0' }];
  for (const p of bad) assert.equal(params.safeParse(p).success, false, JSON.stringify(p).slice(0, 80));
  assert.deepEqual(params.parse({ token }), { token, timeoutMs: 60_000 });
  const result = Methods['diag.documentCamera'].result;
  const offline = { id: 'document-camera', kind: 'document-camera', state: 'offline', detail: 'not-configured', ok: true, configured: false, label: null, deviceId: null, width: null, height: null, worker: null };
  assert.equal(result.safeParse(offline).success, true);
  assert.equal(result.safeParse({ ...offline, state: 'busy' }).success, false);
  assert.equal(result.safeParse({ ...offline, worker: { started: true } }).success, false);
});
