import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadCatalog } from './service-catalog.js';
import { redactValue } from './log-redaction.js';
import { loadDataDictionary } from './service-dictionary.js';
import { DEFAULT_SERVICES_DIR } from './service-catalog.js';

it('every personal field of the data dictionary is masked or withheld in a log record by its key', () => {
  loadCatalog(); // the shipped catalogue loads with this dictionary
  const d = loadDataDictionary(DEFAULT_SERVICES_DIR, DEFAULT_SERVICES_DIR, (f) => f);
  assert.ok('dictionary' in d);
  const sample = '王小宝 13912345678 苏州市姑苏区人民路100号 6222021234567890123';
  for (const [key, entry] of Object.entries(d.dictionary.fields)) {
    if (entry.mask === 'none') continue;
    const out = (redactValue({ [key]: sample }) as Record<string, unknown>)[key];
    assert.notEqual(out, sample, `${key} (mask: ${entry.mask}) reaches the log as it was typed`);
    assert.ok(typeof out === 'string' && !out.includes('王小宝') && !out.includes('人民路'), `${key}: ${String(out)}`);
  }
});
