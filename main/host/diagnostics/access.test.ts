import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { isKioskErrorLike } from '../../../contracts/errors.js';
import { DiagnosticsAccess, LOCKOUT_MS, MAX_PIN_FAILURES, MAX_WAITING_ENTRIES } from './access.js';
import { DiagnosticsStore } from './audit-store.js';
import { DEFAULT_SIM_PIN, hashPin, parsePinHash, verifyPin } from './pin-hash.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-diag-access-'));
  dirs.push(d);
  return d;
}
const code = (c: string) => (e: unknown) => isKioskErrorLike(e) && e.code === c;
/** Cheap work factors keep the test fast; the format and the check are the same. */
const FAST = { N: 1024, r: 8, p: 1 };

describe('PIN hash', () => {
  test('format scrypt$N$r$p$salt$hash; the right PIN verifies, a wrong one does not; salts differ', async () => {
    const h = await hashPin('482913', FAST);
    assert.match(h, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.equal(parsePinHash(h).hash.length, 32);
    assert.equal(await verifyPin('482913', h), true);
    assert.equal(await verifyPin('482914', h), false);
    assert.notEqual(await hashPin('482913', FAST), h);
  });

  test('a hash made by another scrypt implementation with the documented fields verifies', async () => {
    // The format is plain scrypt (RFC 7914): anything that computes it can make a config hash.
    const salt = Buffer.from('0123456789abcdef').toString('base64');
    const { scryptSync } = await import('node:crypto');
    const hash = scryptSync('1234', Buffer.from('0123456789abcdef'), 32, FAST).toString('base64');
    assert.equal(await verifyPin('1234', `scrypt$1024$8$1$${salt}$${hash}`), true);
  });

  test('malformed or oversized hashes and non-digit PINs are refused', async () => {
    assert.throws(() => parsePinHash('bcrypt$x'), code('bad-request'));
    assert.throws(() => parsePinHash('scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), /power of two/);
    assert.throws(() => parsePinHash(`scrypt$${2 ** 24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`), /power of two up to/);
    await assert.rejects(hashPin('12ab'), code('bad-request'));
  });
});

describe('diagnostics access', () => {
  test('five wrong PINs lock entry for five minutes, even for the right PIN and a new instance; all audited', async () => {
    const dir = tempDir();
    let now = Date.parse('2026-01-01T08:00:00Z');
    const pinHash = await hashPin('246810', FAST);
    const make = () => new DiagnosticsAccess({ store: new DiagnosticsStore(dir), pinHash, simulated: false, sessionMs: 60_000, now: () => now });
    const a = make();
    assert.deepEqual(a.status(), { available: true, defaultPin: false, lockedUntil: null, attemptsLeft: 5 });
    for (let i = 1; i < MAX_PIN_FAILURES; i++) {
      await assert.rejects(a.enter('000000'), (e: unknown) => code('forbidden')(e) && /tries left/.test((e as Error).message));
      assert.equal(a.status().attemptsLeft, MAX_PIN_FAILURES - i);
    }
    await assert.rejects(a.enter('000000'), /locked for 5 minutes/);
    // A reload of the renderer or a restart of the host: the lock is in SQLite.
    const b = make();
    assert.equal(b.status().lockedUntil, new Date(now + LOCKOUT_MS).toISOString());
    await assert.rejects(b.enter('246810'), /locked until/);
    now += LOCKOUT_MS - 1000;
    await assert.rejects(b.enter('246810'), /locked until/);
    now += 2000;
    assert.equal(b.status().attemptsLeft, 5);
    const { token } = await b.enter('246810');
    b.check(token);
    b.exit(token);
    assert.throws(() => b.check(token), code('forbidden'));
    const audit = new DiagnosticsStore(dir).entries(100).reverse();
    assert.deepEqual(
      audit.map((e) => [e.action, e.ok]),
      [...Array(5).fill(['enter', false]), ['enter', false], ['enter', false], ['enter', true], ['exit', true]],
    );
    assert.match(audit[4]!.detail, /entry locked until/);
    assert.ok(audit.every((e) => !e.detail.includes('246810') && !e.detail.includes('000000')), 'no PIN in the audit log');
  });

  test('a session token expires after the quiet period; requests extend it', async () => {
    let now = 0;
    const a = new DiagnosticsAccess({ store: new DiagnosticsStore(tempDir()), pinHash: await hashPin('1357', FAST), simulated: false, sessionMs: 10_000, now: () => now });
    const { token } = await a.enter('1357');
    now = 9000;
    a.check(token);
    now = 18_000;
    a.check(token);
    now = 28_001;
    assert.throws(() => a.check(token), /expired/);
    assert.throws(() => a.check(token), /no session/);
    assert.throws(() => a.check('x'.repeat(43)), code('forbidden'));
  });

  test('without a configured hash: the development PIN only with simulated devices; otherwise closed', async () => {
    const sim = new DiagnosticsAccess({ store: new DiagnosticsStore(tempDir()), pinHash: undefined, simulated: true, sessionMs: 10_000 });
    assert.equal(sim.status().defaultPin, true);
    await assert.rejects(sim.enter('123456'), code('forbidden'));
    assert.ok((await sim.enter(DEFAULT_SIM_PIN)).token.length >= 40);
    const real = new DiagnosticsAccess({ store: new DiagnosticsStore(tempDir()), pinHash: undefined, simulated: false, sessionMs: 10_000 });
    assert.deepEqual(real.status().available, false);
    await assert.rejects(real.enter(DEFAULT_SIM_PIN), code('not-available'));
  });

  test('concurrent guesses are checked one at a time: a right PIN late in a burst gets no token', async () => {
    const dir = tempDir();
    const store = new DiagnosticsStore(dir);
    const a = new DiagnosticsAccess({ store, pinHash: await hashPin('246810', FAST), simulated: false, sessionMs: 60_000 });
    // Fewer than the waiting cap: every guess waits its turn and sees the count the one before it left.
    const burst = [...Array(MAX_WAITING_ENTRIES - 1).fill('000000'), '246810'].map((pin) => a.enter(pin).then(() => 'token', (e: { code: string; message: string }) => `${e.code}: ${e.message}`));
    const results = await Promise.all(burst);
    assert.equal(results.at(-1)!.startsWith('forbidden'), true, `the right PIN after five wrong ones is refused: ${results.at(-1)}`);
    assert.deepEqual(results.slice(0, 4).map((r) => /(\d) tries left/.exec(r)?.[1]), ['4', '3', '2', '1']);
    assert.match(results[4]!, /locked for 5 minutes/);
    assert.ok(results.slice(5).every((r) => /locked until/.test(r)));
    assert.ok(a.status().lockedUntil, 'entry is locked');
    assert.equal(store.entries(100).filter((e) => /wrong PIN/.test(e.detail)).length, MAX_PIN_FAILURES, 'exactly five guesses were checked');
  });

  test('400 guesses at once: the waiting cap refuses most at once, the lock-out holds, nothing succeeds', async () => {
    const store = new DiagnosticsStore(tempDir());
    const a = new DiagnosticsAccess({ store, pinHash: await hashPin('246810', FAST), simulated: false, sessionMs: 60_000 });
    const pins = [...Array(399).fill('111111'), '246810'];
    const results = await Promise.allSettled(pins.map((p) => a.enter(p)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 0);
    const codes = results.map((r) => (r as PromiseRejectedResult).reason.code as string);
    assert.equal(codes.filter((c) => c === 'rate-limited').length, 400 - MAX_WAITING_ENTRIES);
    assert.equal(codes.filter((c) => c === 'forbidden').length, MAX_WAITING_ENTRIES);
    assert.ok(a.status().lockedUntil);
    await assert.rejects(a.enter('246810'), /locked until/);
  });

  test('a guess is counted before its check finishes (a crash mid-check still counts it)', async () => {
    const dir = tempDir();
    const store = new DiagnosticsStore(dir);
    // A slow hash: the check is still running when we look.
    const a = new DiagnosticsAccess({ store, pinHash: await hashPin('246810', { N: 16384, r: 8, p: 1 }), simulated: false, sessionMs: 60_000 });
    const pending = a.enter('999999');
    await new Promise((r) => setImmediate(r));
    assert.equal(new DiagnosticsStore(dir).lockout().failures, 1, 'the try is on disk while scrypt runs');
    await assert.rejects(pending, code('forbidden'));
    assert.equal(store.lockout().failures, 1);
    await a.enter('246810');
    assert.equal(store.lockout().failures, 0, 'a right PIN clears the count');
  });
});
