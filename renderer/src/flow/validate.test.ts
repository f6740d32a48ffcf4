import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormField, type FormField as Field } from '../../../contracts/service-definition.js';
import { keyboardFor, validateField } from './validate.js';

const field = (f: Record<string, unknown>): Field => FormField.parse({ name: 'x', label: { 'zh-CN': '项', en: 'Item' }, ...f });

describe('form validation', () => {
  it('phones: mobile or landline with area code', () => {
    const f = field({ kind: 'phone' });
    assert.equal(validateField(f, '13800138000'), null);
    assert.equal(validateField(f, '0512-12345678'), null);
    assert.deepEqual(validateField(f, '12345'), { key: 'invalidPhone' });
    assert.deepEqual(validateField(f, ''), { key: 'required' });
  });
  it('numbers within min and max', () => {
    const f = field({ kind: 'number', min: 1, max: 5 });
    assert.equal(validateField(f, '3'), null);
    assert.deepEqual(validateField(f, '6'), { key: 'invalidNumber', values: { min: 1, max: 5 } });
    assert.deepEqual(validateField(f, '1.5'), { key: 'invalidNumber', values: { min: 1, max: 5 } });
  });
  it('dates must exist', () => {
    const f = field({ kind: 'date' });
    assert.equal(validateField(f, '2024-02-29'), null);
    assert.deepEqual(validateField(f, '2023-02-29'), { key: 'invalidDate' });
  });
  it('ID numbers and credit codes by their check characters', () => {
    assert.equal(validateField(field({ kind: 'id-number' }), '320508195602290013'), null);
    assert.deepEqual(validateField(field({ kind: 'id-number' }), '320508195602290014'), { key: 'invalidIdNumber' });
    assert.equal(validateField(field({ kind: 'uscc' }), '91350100M000100Y43'), null);
    assert.deepEqual(validateField(field({ kind: 'uscc' }), '91350100M000100Y4Z'), { key: 'invalidUscc' });
  });
  it('text length counts characters, optional fields may be empty, prefilled fields are the host\'s', () => {
    assert.deepEqual(validateField(field({ kind: 'text', min: 5 }), '太短了'), { key: 'tooShort', values: { min: 5 } });
    assert.equal(validateField(field({ kind: 'text', required: false }), ''), null);
    assert.equal(validateField(field({ kind: 'text', prefill: 'identity.name' }), ''), null);
  });
  it('picks the keyboard by kind', () => {
    assert.equal(keyboardFor(field({ kind: 'phone' })), 'digits');
    assert.equal(keyboardFor(field({ kind: 'number' })), 'number');
    assert.equal(keyboardFor(field({ kind: 'uscc' })), 'latin');
    assert.equal(keyboardFor(field({ kind: 'address' })), 'pinyin');
  });
});
