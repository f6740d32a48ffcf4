import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRecognisers, displayText, patternRecogniser, recognise } from './recognisers.js';

test('USCC with a valid check character, normalised', () => {
  assert.deepEqual(recognise(' 91350100m000100y43 '), { kind: 'uscc', value: '91350100M000100Y43', recogniser: 'uscc' });
  assert.equal(recognise('91350100M000100Y44').kind, 'unknown', 'wrong check character is not a USCC');
});

test('e-licence, provincial service code, plain URL, unknown', () => {
  assert.equal(recognise('https://www.gsxt.gov.cn/corp/abc').kind, 'e-license');
  assert.deepEqual(recognise('https://zwfw.js.gov.cn/scan?code=AbC123456789'), { kind: 'gov-service-code', value: 'AbC123456789', recogniser: 'gov-service-code' });
  assert.equal(recognise('ZWFWM:token-12345678').value, 'token-12345678');
  assert.equal(recognise('https://example.com/x').kind, 'url');
  assert.deepEqual(recognise('<script>alert(1)</script>'), { kind: 'unknown', value: '<script>alert(1)</script>', recogniser: null });
  assert.equal(recognise('javascript:alert(1)').kind, 'unknown');
});

test('the list is configurable', () => {
  const list = [patternRecogniser('sfm', 'gov-service-code', /^SFM(\d{10})$/), ...createRecognisers()];
  assert.deepEqual(recognise('SFM0123456789', list), { kind: 'gov-service-code', value: '0123456789', recogniser: 'sfm' });
  assert.equal(displayText('a\rb'), 'a\\x0db');
});
