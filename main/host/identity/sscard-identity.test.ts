import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { SsCardRead } from '../../../contracts/sscard.js';
import { identityFromSsCard } from './sscard-identity.js';
import { maskIdentity } from '../session.js';

const read: SsCardRead = {
  reader: 'r', atr: '3B', cardType: 'sscard', cardNumber: 'E12345678', ssn: '320508199001010029', name: '王芳', gender: 'female',
  nation: '汉', birthDate: '19900101', issuingArea: '320508', issueDate: '20230601', validUntil: '20330601', specVersion: '3.00', psamRequired: [],
};
const today = new Date('2026-12-07T00:00:00Z');
const withFace = { steps: [{ type: 'verify-face', policy: 'required' }] } as unknown as ServiceDefinition;
const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return `${(e as { code: string }).code} ${(e as Error).message.slice(0, (e as Error).message.indexOf(']') + 1)}`;
  }
};

test('a valid card identifies: the social security number is the ID number, masked like an ID card', () => {
  const id = identityFromSsCard(read, undefined, today);
  assert.equal(id.cardType, 'social-security');
  assert.equal(id.idNumber, '320508199001010029');
  assert.equal(id.birthDate, '1990-01-01');
  assert.equal(id.photo, null);
  const masked = maskIdentity(id);
  assert.equal(masked.maskedName, '王*');
  assert.equal(masked.maskedIdNumber, '3205**********0029');
  assert.equal(masked.hasPhoto, false);
});

test('what cannot identify is refused with its reason', () => {
  assert.equal(code(() => identityFromSsCard({ ...read, cardType: 'bank' }, undefined, today)), 'card-unsupported [bank]');
  assert.equal(code(() => identityFromSsCard({ ...read, cardType: 'blank' }, undefined, today)), 'card-unsupported [blank]');
  assert.equal(code(() => identityFromSsCard({ ...read, cardType: 'unknown' }, undefined, today)), 'card-unsupported [unknown]');
  assert.equal(code(() => identityFromSsCard({ ...read, validUntil: '20200801' }, undefined, today)), 'card-unsupported [expired]');
  assert.equal(code(() => identityFromSsCard({ ...read, ssn: null, name: null, psamRequired: ['ssn', 'name'] }, undefined, today)), 'psam-required [psam]');
  assert.equal(code(() => identityFromSsCard(read, withFace, today)), 'card-unsupported [face-needs-idcard]');
});
