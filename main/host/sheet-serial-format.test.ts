import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KioskConfig, StockConfig } from '../../contracts/config.js';
import { consecutiveSerials, describeSerialFormat, incrementSerial, serialProblem } from './sheet-serial-format.js';

const stock = (s: Record<string, unknown>) => StockConfig.parse({ numbered: true, ...s });

describe('sheet serial format', () => {
  it('prefix + zero-padded digits: exactly that, nothing else', () => {
    const s = stock({ prefix: 'SZ', digits: 8 });
    assert.equal(describeSerialFormat(s), 'SZ + 8 digits');
    assert.equal(serialProblem(s, 'SZ00001234'), null);
    assert.match(serialProblem(s, 'SZ0001234')!, /format/);
    assert.match(serialProblem(s, 'SX00001234')!, /format/);
    assert.match(serialProblem(s, 'sz00001234')!, /upper-case/);
    assert.match(serialProblem(s, 'SZ000012345')!, /format/);
    assert.match(serialProblem(s, '')!, /empty/);
    assert.match(serialProblem(s, 'S'.repeat(65))!, /64/);
  });

  it('a prefix with "-" is taken literally; the default is 8 digits without a prefix', () => {
    assert.equal(serialProblem(stock({ prefix: '3205-', digits: 6 }), '3205-000001'), null);
    assert.equal(serialProblem(stock({}), '00000001'), null);
    assert.match(serialProblem(stock({}), '0000001')!, /8 digits/);
  });

  it('a pattern must match the whole serial, and the serial must end in its running number', () => {
    const s = stock({ pattern: '[A-Z]{2}[0-9]{10}' });
    assert.equal(describeSerialFormat(s), '/[A-Z]{2}[0-9]{10}/');
    assert.equal(serialProblem(s, 'JS0000000001'), null);
    assert.match(serialProblem(s, 'XJS0000000001')!, /format/);
    assert.match(serialProblem(stock({ pattern: '[0-9]{4}[A-Z]' }), '1234A')!, /end in the sheet number/);
  });

  it('the config refuses a pattern that does not compile, and pattern together with prefix/digits', () => {
    assert.equal(StockConfig.safeParse({ numbered: true, pattern: '[A-Z' }).success, false);
    const both = StockConfig.safeParse({ numbered: true, pattern: '[0-9]+', prefix: 'SZ' });
    assert.equal(both.success, false);
    assert.deepEqual(both.error?.issues[0]?.path, ['pattern']);
    assert.equal(StockConfig.safeParse({ numbered: true, prefix: 'sz' }).success, false, 'lower case cannot be typed on the kiosk keys');
  });

  it('existing configs keep working: no stock is numbered by default', () => {
    const c = KioskConfig.parse({});
    assert.equal(c.documents.stock.A3.numbered, false);
    assert.equal(c.documents.stock.A4.numbered, false);
  });

  it('increments the trailing number keeping its width, carrying through nines, beyond a double', () => {
    assert.equal(incrementSerial('SZ00000999'), 'SZ00001000');
    assert.equal(incrementSerial('A1-0041'), 'A1-0042');
    assert.equal(incrementSerial('99999999999999999999'), null);
    assert.equal(incrementSerial('X12345678901234567890'), 'X12345678901234567891');
    assert.equal(incrementSerial('SZ'), null);
  });

  it('consecutive serials for a multi-copy job, and where the format ends', () => {
    const s = stock({ prefix: 'SZ', digits: 3 });
    assert.deepEqual(consecutiveSerials(s, 'SZ997', 2), { serials: ['SZ997', 'SZ998'], after: 'SZ999' });
    assert.deepEqual(consecutiveSerials(s, 'SZ998', 2), { serials: ['SZ998', 'SZ999'], after: null });
    assert.throws(() => consecutiveSerials(s, 'SZ999', 2), RangeError);
  });
});
