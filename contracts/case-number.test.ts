import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CASE_ALPHABET, checkCharacter, isValidCaseNumber, kioskPrefix, shortCaseNumber } from './case-number.js';

describe('short case numbers', () => {
  const uuid = '019ad5c2-7f3e-7a10-8b2c-4d5e6f708192';

  it('kiosk prefix + 8 characters without look-alikes + a check character, stable for one UUID', () => {
    const n = shortCaseNumber(uuid, 'hall-01-k03');
    assert.match(n, /^K03-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]$/);
    assert.equal(n.length, 15, 'short enough to read over the phone, never wraps');
    assert.equal(shortCaseNumber(uuid.toUpperCase(), 'hall-01-k03'), n);
    assert.ok(isValidCaseNumber(n));
    for (const c of '01ILOU') assert.ok(!CASE_ALPHABET.includes(c), `no look-alike ${c}`);
    assert.equal(kioskPrefix('hall-01-k03'), 'K03');
    assert.equal(kioskPrefix('---'), 'K');
    assert.throws(() => shortCaseNumber('not-a-uuid', 'k'), RangeError);
  });

  it('the check character catches every single wrong character and every swap of neighbours that changes the text', () => {
    const n = shortCaseNumber(uuid, 'hall-01-k03');
    const body = n.slice(4, 8) + n.slice(9, 13);
    let swaps = 0;
    let caught = 0;
    for (let i = 0; i < body.length; i++) {
      for (const c of CASE_ALPHABET) {
        if (c === body[i]) continue;
        const wrong = body.slice(0, i) + c + body.slice(i + 1);
        assert.notEqual(checkCharacter(wrong), checkCharacter(body), `${wrong} passes`);
      }
      if (i + 1 < body.length && body[i] !== body[i + 1]) {
        swaps++;
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
        if (checkCharacter(swapped) !== checkCharacter(body)) caught++;
      }
    }
    assert.equal(caught, swaps);
    assert.ok(!isValidCaseNumber(n.slice(0, -1) + (n.at(-1) === 'A' ? 'B' : 'A')));
    assert.ok(isValidCaseNumber(n.toLowerCase().replaceAll('-', ' ')));
  });

  it('different submissions get different numbers (10 000 random UUIDv7s, no collision)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(shortCaseNumber(crypto.randomUUID(), 'k03'));
    assert.equal(seen.size, 10_000);
  });
});
