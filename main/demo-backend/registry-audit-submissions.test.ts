import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idNumberSha256 } from '../../documents/license/license-authorisation.js';
import type { PrintAudit } from '../../documents/license/license-data.js';
import { startDemoBackend } from './server.js';

test('a print audit queued offline (submission of service license-print-audit) is filed with the registry once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'registry-audit-'));
  const b = await startDemoBackend({ dataDir: dir, token: 'tok' });
  try {
    const audit: PrintAudit = {
      id: randomUUID(),
      kioskId: 'k1',
      uscc: '91320508MA1MXK2C87',
      copy: 'original',
      outcome: 'printed',
      reason: null,
      sheetSerial: null,
      role: 'legal-representative',
      applicantIdSha256: idNumberSha256('320508195602290013'),
      at: new Date().toISOString(),
    };
    const submission = { id: randomUUID(), kioskId: 'k1', serviceId: 'license-print-audit', createdAt: new Date().toISOString(), payload: audit };
    const post = () =>
      fetch(`${b.url}/v1/submissions`, { method: 'POST', headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json', 'Idempotency-Key': submission.id }, body: JSON.stringify(submission) });
    assert.equal((await post()).status, 201);
    assert.equal((await post()).status, 200); // a retry is a replay: filed once
    // Another service's submission is not an audit.
    const other = { ...submission, id: randomUUID(), serviceId: 'household-proof', payload: { data: {} } };
    assert.equal((await fetch(`${b.url}/v1/submissions`, { method: 'POST', headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json', 'Idempotency-Key': other.id }, body: JSON.stringify(other) })).status, 201);
    const res = await fetch(`${b.url}/v1/registry/print-audits?uscc=91320508MA1MXK2C87`, { headers: { Authorization: 'Bearer tok' } });
    const { audits } = (await res.json()) as { audits: (PrintAudit & { receivedAt: string })[] };
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.id, audit.id);
    assert.equal(audits[0]!.outcome, 'printed');
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
