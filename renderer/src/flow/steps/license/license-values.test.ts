import assert from 'node:assert/strict';
import { test } from 'node:test';
import { licenseValueKeys, usccFromScan } from './license-values.js';

test('the code is found in a scan of the code itself or of the license QR URL', () => {
  assert.equal(usccFromScan('91320508MA1MXK2C87'), '91320508MA1MXK2C87');
  assert.equal(usccFromScan('91320508ma1mxk2c87\r'), '91320508MA1MXK2C87');
  assert.equal(usccFromScan('http://127.0.0.1:8787/v1/registry/verify/93320505MA2NLRW61U'), '93320505MA2NLRW61U');
  assert.equal(usccFromScan('https://zwfw.example.gov.cn/qr/3205-0001'), null);
  assert.equal(usccFromScan('苏州市民卡 0001234'), null);
});

test('the lookup step hands the print step its values under keys of its own id', () => {
  assert.deepEqual(licenseValueKeys('license'), { uscc: 'license.uscc', original: 'license.original', duplicate: 'license.duplicate' });
});
