import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TelemetryBuffer } from './telemetry-buffer.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-buf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('telemetry buffer (SQLite, bounded)', () => {
  it('keeps order and original ts, drops the oldest beyond the count, counts the drops, survives reopening', () => {
    const file = join(dir, 'a.sqlite');
    let now = 1_000_000;
    const b = new TelemetryBuffer({ file, maxRecords: 5, maxAgeMs: 3_600_000, now: () => now });
    for (let i = 0; i < 8; i++) b.push(now + i, { i });
    assert.equal(b.count(), 5);
    assert.equal(b.dropped(), 3);
    assert.deepEqual(b.peek(10).map((r) => [r.ts, r.values.i]), [3, 4, 5, 6, 7].map((i) => [now + i, i]));
    const two = b.peek(2);
    b.ack(two[1]!.seq);
    b.close();
    const again = new TelemetryBuffer({ file, maxRecords: 5, maxAgeMs: 3_600_000, now: () => now });
    assert.deepEqual(again.peek(10).map((r) => r.values.i), [5, 6, 7]);
    assert.equal(again.dropped(), 3);
    // Age bound: an hour later everything is too old.
    now += 3_600_010;
    assert.deepEqual(again.peek(10), []);
    assert.equal(again.dropped(), 6);
    again.close();
  });

  it('peek stays under the byte cap but always returns at least one record', () => {
    const b = new TelemetryBuffer({ file: join(dir, 'b.sqlite'), maxRecords: 100, maxAgeMs: 3_600_000 });
    for (let i = 0; i < 10; i++) b.push(Date.now(), { pad: 'x'.repeat(1000) });
    assert.equal(b.peek(100, 3500).length, 3);
    assert.equal(b.peek(100, 10).length, 1);
    b.close();
  });
});
