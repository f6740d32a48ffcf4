import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticsStore } from './audit-store.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-audit-'));
  dirs.push(d);
  return d;
};

describe('diagnostics audit log bounds', () => {
  it('keeps at most maxRows rows under a flood, the newest ones', () => {
    const s = new DiagnosticsStore(tmp(), { maxRows: 300 });
    try {
      for (let i = 0; i < 3000; i++) s.audit('fleet.rpc.getStatus', true, `n=${i}`);
      assert.ok(s.count() <= 300 + 200, `rows: ${s.count()}`);
      assert.equal(s.entries(1)[0]!.detail, 'n=2999');
      s.trim();
      assert.equal(s.count(), 300);
      assert.equal(s.entries(300).at(-1)!.detail, 'n=2700');
    } finally {
      s.close();
    }
  });

  it('drops rows older than the retention, also at open', () => {
    const dir = tmp();
    const now = Date.now();
    const s = new DiagnosticsStore(dir, { retentionDays: 30 });
    s.audit('diag.enter', true, 'old', now - 31 * 86_400_000);
    s.audit('diag.enter', true, 'recent', now - 29 * 86_400_000);
    s.close();
    const again = new DiagnosticsStore(dir, { retentionDays: 30 });
    try {
      assert.deepEqual(again.entries(10).map((e) => e.detail), ['recent']);
      assert.ok(statSync(again.file).size > 0);
    } finally {
      again.close();
    }
  });
});
