import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RPC_LIMITS, RpcGuard } from './rpc-guard.js';

const fresh = () => ({ sentAtMs: null, expiresAtMs: null });

describe('RPC admission', () => {
  it('a burst, then the rate; refusals counted into one audit row per burst; running commands bounded', () => {
    let now = 1_000_000;
    const rows: string[] = [];
    const g = new RpcGuard({ audit: (a, ok, d) => rows.push(`${a} ${ok} ${d}`), now: () => now });
    const results = Array.from({ length: 1000 }, () => {
      const r = g.admit(false, fresh);
      if (r === null) g.done();
      return r;
    });
    assert.equal(results.filter((r) => r === null).length, RPC_LIMITS.burst);
    assert.equal(results.filter((r) => r === 'rate-limited').length, 1000 - RPC_LIMITS.burst);
    now += 1000;
    let ran = 0;
    for (let i = 0; i < 100; i++) {
      if (g.admit(false, fresh) !== null) continue;
      ran++;
      g.done();
    }
    assert.equal(ran, RPC_LIMITS.perSec);
    // Eight running, the ninth is busy.
    now += 10_000;
    for (let i = 0; i < RPC_LIMITS.inFlight; i++) assert.equal(g.admit(false, fresh), null);
    assert.equal(g.admit(false, fresh), 'busy');
    assert.equal(rows.length, 0, 'nothing audited while the burst lasts');
    g.flush();
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /^fleet\.rpc\.refused false rate-limited 1040, busy 1 within 11000 ms$/);
  });

  it('retained and expired requests never run; the age is read only within the rate', () => {
    const now = 5_000_000;
    const rows: string[] = [];
    const g = new RpcGuard({ audit: (_a, _ok, d) => rows.push(d), now: () => now });
    let reads = 0;
    assert.equal(g.admit(true, () => (reads++, fresh())), 'retained');
    assert.equal(reads, 0, 'a retained request is not even parsed');
    assert.equal(g.admit(false, () => ({ sentAtMs: now - RPC_LIMITS.maxAgeMs - 1, expiresAtMs: null })), 'expired');
    assert.equal(g.admit(false, () => ({ sentAtMs: null, expiresAtMs: now - 1 })), 'expired');
    assert.equal(g.admit(false, () => ({ sentAtMs: now - 1000, expiresAtMs: now + 1000 })), null);
    g.flush();
    assert.deepEqual(rows, ['retained 1, expired 2 within 0 ms']);
  });
});
