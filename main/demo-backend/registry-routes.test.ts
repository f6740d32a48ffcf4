import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUscc } from '../../contracts/uscc.js';
import { KioskError } from '../../contracts/errors.js';
import { findAuthorisedPerson, idNumberSha256 } from '../../documents/license/license-authorisation.js';
import { fetchLicenseRecord, postPrintAudit } from '../../documents/license/registry-client.js';
import type { PrintAudit } from '../../documents/license/license-data.js';
import { findDemoCard } from '../../drivers/sim/demo-cards.js';
import { DEMO_ENTERPRISES } from './registry-demo-data.js';
import { startDemoBackend, type DemoBackend } from './server.js';

async function withBackend(fn: (b: DemoBackend) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const b = await startDemoBackend({ dataDir: dir, token: 'tok' });
  try {
    await fn(b);
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('demo registry: ≥ 10 enterprises of all five types, every code passes GB 32100, the three named ones as given', () => {
  assert.ok(DEMO_ENTERPRISES.length >= 10);
  assert.deepEqual(new Set(DEMO_ENTERPRISES.map((e) => e.entityType)), new Set(['company', 'sole-proprietorship', 'partnership', 'branch', 'cooperative']));
  for (const e of DEMO_ENTERPRISES) assert.ok(checkUscc(e.uscc).valid, e.uscc);
  assert.equal(new Set(DEMO_ENTERPRISES.map((e) => e.uscc)).size, DEMO_ENTERPRISES.length);
  const named = [
    ['91320508MA1MXK2C87', '苏州古城示例科技有限公司', 'company', '欧阳晓明', '320508195602290013', 'ouyang'],
    ['92320508MA7TQ3H5P8', '姑苏区林记早餐店', 'sole-proprietorship', '林小', '532801200107150028', 'lin'],
    ['93320505MA2NLRW61U', '苏州高新区示例农产品专业合作社', 'cooperative', '陳大文', '81000019800102001X', 'chan'],
  ] as const;
  for (const [uscc, name, type, rep, id, card] of named) {
    const e = DEMO_ENTERPRISES.find((x) => x.uscc === uscc)!;
    assert.equal(e.name, name);
    assert.equal(e.entityType, type);
    assert.equal(e.representative.name, rep);
    assert.equal(e.representative.idNumber, id);
    assert.equal(findDemoCard(card)?.card.idNumber, id, 'matches the simulated ID card');
  }
});

test('GET /v1/registry/licenses/:uscc: record with hashed persons; 400 bad check character; 404 unknown; 401 without token', async () => {
  await withBackend(async (b) => {
    const r = await fetchLicenseRecord('91320508ma1mxk2c87', { url: b.url, token: 'tok' });
    assert.equal(r.license.name, '苏州古城示例科技有限公司');
    assert.equal(r.license.representative.name, '欧阳晓明');
    assert.ok(r.license.verificationUrl.includes('91320508MA1MXK2C87'));
    assert.equal(findAuthorisedPerson(r, '320508195602290013')?.role, 'legal-representative');
    assert.equal(findAuthorisedPerson(r, '320508199001010029')?.role, 'authorised-agent');
    assert.equal(findAuthorisedPerson(r, '532801200107150028'), null, 'another enterprise’s operator is refused');
    assert.ok(!JSON.stringify(r).includes('320508195602290013'), 'no ID number is sent');

    const coop = await fetchLicenseRecord('93320505MA2NLRW61U', { url: b.url, token: 'tok' });
    assert.equal(findAuthorisedPerson(coop, '81000019800102001x')?.role, 'legal-representative');

    await assert.rejects(fetchLicenseRecord('91320508MA1MXK2C88', { url: b.url, token: 'tok' }), (e: KioskError) => e.code === 'bad-request' && /should be 7/.test(e.message));
    // The server checks too, for clients that do not.
    const raw = await fetch(`${b.url}/v1/registry/licenses/91320508MA1MXK2C88`, { headers: { Authorization: 'Bearer tok' } });
    assert.equal(raw.status, 400);
    assert.equal(((await raw.json()) as { error: { code: string } }).error.code, 'bad-uscc');
    await assert.rejects(fetchLicenseRecord('91350100M000100Y43', { url: b.url, token: 'tok' }), (e: KioskError) => e.code === 'not-found');
    await assert.rejects(fetchLicenseRecord('91320508MA1MXK2C87', { url: b.url, token: 'nope' }), (e: KioskError) => e.code === 'forbidden');
    const verify = await fetch(`${b.url}/v1/registry/verify/91320508MA1MXK2C87`);
    assert.equal(verify.status, 200);
  });
});

test('print audits: 201 then 200 for the same body, 422 for another body, listed per code', async () => {
  await withBackend(async (b) => {
    const audit: PrintAudit = {
      id: 'audit-1',
      kioskId: 'k1',
      uscc: '91320508MA1MXK2C87',
      copy: 'original',
      outcome: 'printed',
      reason: null,
      sheetSerial: 'A3-000123',
      role: 'legal-representative',
      applicantIdSha256: idNumberSha256('320508195602290013'),
      at: '2024-05-01T08:00:00.000Z',
    };
    const first = await postPrintAudit(audit, { url: b.url, token: 'tok' });
    assert.equal(first.id, 'audit-1');
    const again = await postPrintAudit(audit, { url: b.url, token: 'tok' });
    assert.equal(again.receivedAt, first.receivedAt);
    await assert.rejects(postPrintAudit({ ...audit, outcome: 'spoiled' }, { url: b.url, token: 'tok' }), (e: KioskError) => e.code === 'backend-error');
    await postPrintAudit({ ...audit, id: 'audit-2', outcome: 'refused', reason: 'not-authorised', role: null, sheetSerial: null }, { url: b.url, token: 'tok' });
    const list = (await (await fetch(`${b.url}/v1/registry/print-audits?uscc=91320508MA1MXK2C87`, { headers: { Authorization: 'Bearer tok' } })).json()) as { audits: PrintAudit[] };
    assert.deepEqual(list.audits.map((a) => [a.id, a.outcome]), [['audit-1', 'printed'], ['audit-2', 'refused']]);
    const bad = await fetch(`${b.url}/v1/registry/print-audits`, { method: 'POST', headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' }, body: '{"id":"x"}' });
    assert.equal(bad.status, 400);
  });
});
