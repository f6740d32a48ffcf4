import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StockConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import { SheetSerials } from './sheet-serial-store.js';

const stock = { A3: StockConfig.parse({ numbered: true, prefix: 'SZ', digits: 8 }), A4: StockConfig.parse({}) };
const refusal = (e: unknown) => e instanceof KioskError && e.code === 'stock-unregistered' && e.retryable && /register the first sheet serial/.test(e.message);

describe('SheetSerials: per-tray counters in <dataDir>/sheet-serials.json', () => {
  const root = mkdtempSync(join(tmpdir(), 'sheet-serials-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const fresh = () => mkdtempSync(join(root, 'data-'));

  it('numbered and unset: refused (nothing taken); not numbered: null, as before', () => {
    const s = new SheetSerials(fresh(), stock);
    assert.throws(() => s.peek('A3', 1), refusal);
    assert.throws(() => s.reserve('A3', 1), refusal);
    assert.equal(s.reserve('A4', 2), null);
    assert.equal(existsSync(s.file), false, 'nothing written for a refusal or unnumbered stock');
    assert.deepEqual(s.view().A3, { numbered: true, format: 'SZ + 8 digits', next: null, first: null, used: 0, setAt: null });
    assert.equal(s.view().A4.numbered, false);
  });

  it('the first serial is validated; unnumbered trays take none', () => {
    const s = new SheetSerials(fresh(), stock);
    assert.throws(() => s.set('A3', 'SZ123'), (e: KioskError) => e.code === 'bad-request' && /SZ \+ 8 digits/.test(e.message));
    assert.throws(() => s.set('A3', 'SZ0000012A'), (e: KioskError) => e.code === 'bad-request');
    assert.throws(() => s.set('A4', '00000001'), (e: KioskError) => e.code === 'bad-request' && /not numbered/.test(e.message));
    assert.equal(s.set('A3', ' sz00000100 ').A3.next, 'SZ00000100', 'typed lower case or with spaces, stored as printed');
  });

  it('consecutive serials for copies, in order, and the counter survives a reopen (a restart)', () => {
    const dir = fresh();
    const now = new Date('2025-03-01T09:00:00Z');
    const s = new SheetSerials(dir, stock, () => now);
    s.set('A3', 'SZ00000998');
    assert.deepEqual(s.peek('A3', 2), ['SZ00000998', 'SZ00000999']);
    assert.deepEqual(s.reserve('A3', 2), ['SZ00000998', 'SZ00000999']);
    assert.deepEqual(s.reserve('A3', 1), ['SZ00001000']);

    const reopened = new SheetSerials(dir, stock);
    assert.deepEqual(reopened.view().A3, { numbered: true, format: 'SZ + 8 digits', next: 'SZ00001001', first: 'SZ00000998', used: 3, setAt: now.toISOString() });
    assert.deepEqual(reopened.reserve('A3', 1), ['SZ00001001']);
    assert.equal(JSON.parse(readFileSync(join(dir, 'sheet-serials.json'), 'utf8')).A3.next, 'SZ00001002');
    assert.equal(existsSync(join(dir, 'sheet-serials.json.tmp')), false, 'written through a temporary file, renamed');

    // A new stack: the count starts again.
    assert.deepEqual(reopened.set('A3', 'SZ00005000').A3, { numbered: true, format: 'SZ + 8 digits', next: 'SZ00005000', first: 'SZ00005000', used: 0, setAt: reopened.view().A3.setAt });
  });

  it('a stack whose numbers run out of the format refuses, without taking a serial it cannot print', () => {
    const s = new SheetSerials(fresh(), { A3: StockConfig.parse({ numbered: true, prefix: 'SZ', digits: 3 }), A4: stock.A4 });
    s.set('A3', 'SZ998');
    assert.throws(() => s.reserve('A3', 3), refusal);
    assert.deepEqual(s.reserve('A3', 2), ['SZ998', 'SZ999']);
    assert.equal(s.view().A3.next, null);
    assert.throws(() => s.reserve('A3', 1), (e: KioskError) => refusal(e) && /ran out/.test(e.message));
  });

  it('a registered serial the configured format no longer matches (the config changed) is refused, not used', () => {
    const dir = fresh();
    new SheetSerials(dir, stock).set('A3', 'SZ00000001');
    const changed = new SheetSerials(dir, { A3: StockConfig.parse({ numbered: true, prefix: 'JS', digits: 8 }), A4: stock.A4 });
    assert.throws(() => changed.reserve('A3', 1), (e: KioskError) => refusal(e) && /does not match/.test(e.message));
  });

  it('a damaged counter file is an error, never a silent restart of the numbering', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'sheet-serials.json'), '{"A3":{"next":');
    assert.throws(() => new SheetSerials(dir, stock).reserve('A3', 1), (e: KioskError) => e.code === 'internal');
  });
});
