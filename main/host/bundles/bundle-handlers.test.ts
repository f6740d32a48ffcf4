import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KioskConfig } from '../../../contracts/config.js';
import { registerRoutes } from '../../demo-backend/index.js';
import type { SubmissionBody } from '../../demo-backend/submissions-route.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';
import { Host } from '../host.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The shipped catalogue and the embedded demo back end: a bundle goes through the real outbox and sync. */
describe('bundle host methods: one submission for every member, each stored once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-host-'));
  const signal = new AbortController().signal;
  const received: SubmissionBody[] = [];
  let host: Host;
  before(async () => {
    registerRoutes((_r, ctx) => ctx.onSubmission((b) => received.push(b)));
    host = await Host.create(KioskConfig.parse({ dataDir: join(dir, 'data'), kioskId: 'hall-03-k07' }));
    const reading = host.call('idcard.read', { timeoutMs: 20_000 }, signal);
    host.hub.idCardReader.sim!.placeCard('wang');
    await reading;
  });
  after(async () => {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(join(dir, 'data')), { force: true });
  });

  const shared = { relation: 'mother', phone: '13912345678', childName: '王小宝', childGender: 'male', childBirthDate: '2026-11-30' };
  const members = (delivery: 'hall' | 'post') => [
    { serviceId: 'birth-registration', data: { ...shared, birthHospital: '苏州市立医院', fatherName: '李强', motherName: '王芳', applicantName: 'forged' } },
    { serviceId: 'newborn-medical-insurance', data: { ...shared, payment: 'tax-app' } },
    { serviceId: 'newborn-social-security-card', data: { ...shared, delivery } },
  ];
  const waitFor = async <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = await probe();
      if (v) return v;
      await sleep(100);
    }
    assert.fail(`timed out waiting for ${what}`);
  };

  it('asks the back end which materials exist as e-certificates (nothing of them kept)', async () => {
    const r = await host.call('ecert.check', { materials: ['birth-medical-certificate', 'household-register', 'marriage-certificate'] }, signal);
    assert.deepEqual(r, { online: true, certificates: [{ type: 'marriage-certificate', name: '结婚证', issuer: '苏州市姑苏区民政局' }] });
  });

  it('refuses a bundle without a required member, with a member of no bundle, or before identifying', async () => {
    await assert.rejects(host.call('bundle.submit', { bundle: 'newborn', members: members('hall').slice(0, 2) }, signal), { code: 'bad-request', message: /takes the members/ });
    await assert.rejects(host.call('bundle.submit', { bundle: 'newborn', members: [...members('hall'), { serviceId: 'household-proof', data: {} }] }, signal), { code: 'bad-request' });
    await assert.rejects(host.call('bundle.submit', { bundle: 'nope', members: members('hall') }, signal), { code: 'bad-request', message: /no bundle/ });
    // A material said to come from the document camera with no page taken: nothing is stored.
    const before = host.queue.view().pending;
    await assert.rejects(host.call('bundle.submit', { bundle: 'newborn', members: members('hall'), materials: [{ type: 'household-register', via: 'camera' }] }, signal), { code: 'bad-request', message: /户口簿 needs at least 3 page/ });
    assert.equal(host.queue.view().pending, before);
  });

  it('stores every member once with the bundle link; prefilled fields from the card; one receipt', async () => {
    const materials = [
      { type: 'birth-medical-certificate', via: 'paper' },
      { type: 'household-register', via: 'paper' },
      { type: 'marriage-certificate', via: 'e-certificate' },
    ];
    const r = (await host.call('bundle.submit', { bundle: 'newborn', members: members('hall'), materials }, signal)) as { bundleSubmissionId: string; members: { serviceId: string; id: string; caseNumber: string }[] };
    assert.deepEqual(r.members.map((m) => m.serviceId), ['birth-registration', 'newborn-medical-insurance', 'newborn-social-security-card']);
    assert.equal(new Set(r.members.map((m) => m.caseNumber)).size, 3);
    const bodies = await waitFor('all three members at the back end', () => {
      const got = received.filter((b) => b.bundle?.id === r.bundleSubmissionId);
      return got.length === 3 && got;
    });
    await sleep(300);
    assert.equal(received.filter((b) => b.bundle?.id === r.bundleSubmissionId).length, 3, 'each member exactly once');
    for (const b of bodies) {
      const i = r.members.findIndex((m) => m.id === b.id);
      assert.deepEqual(b.bundle, { id: r.bundleSubmissionId, bundle: 'newborn', member: i, members: 3 });
      const data = b.payload.data as Record<string, unknown>;
      assert.equal(data.applicantName, '王芳', 'filled in by the host, not the renderer');
      assert.equal(data.childName, '王小宝');
    }
    const birth = bodies.find((b) => b.serviceId === 'birth-registration')!;
    assert.deepEqual(birth.payload.materialRoutes, materials);
    assert.equal('payment' in (birth.payload.data as object), false, 'only the member\'s own fields');
    const card = bodies.find((b) => b.serviceId === 'newborn-social-security-card')!;
    assert.deepEqual(card.payload.materialRoutes, [{ type: 'household-register', via: 'paper' }]);
    const outcome = await waitFor('every member acknowledged', async () => {
      const o = (await host.call('bundle.outcome', { bundleSubmissionId: r.bundleSubmissionId }, signal)) as { members: { state: string; refused: boolean; receiptNo: string | null }[] };
      return o.members.every((m) => m.state === 'done') && o;
    });
    assert.ok(outcome.members.every((m) => !m.refused && m.receiptNo));
    const printed = (await host.call('bundle.printReceipt', { bundleSubmissionId: r.bundleSubmissionId, locale: 'zh-CN' }, signal)) as { jobId: string };
    assert.ok(printed.jobId);
  });

  it('a member the back end refuses is shown refused; the others stand', async () => {
    const r = (await host.call('bundle.submit', { bundle: 'newborn', members: members('post') }, signal)) as { bundleSubmissionId: string; members: { caseNumber: string }[] };
    const out = await waitFor('the outcome of every member', async () => {
      const o = (await host.call('bundle.outcome', { bundleSubmissionId: r.bundleSubmissionId }, signal)) as { members: { serviceId: string; state: string; refused: boolean }[] };
      return o.members.every((m) => m.state === 'done' || m.state === 'dead') && o;
    });
    assert.deepEqual(out.members.map((m) => [m.serviceId, m.state, m.refused]), [
      ['birth-registration', 'done', false],
      ['newborn-medical-insurance', 'done', false],
      ['newborn-social-security-card', 'dead', true],
    ]);
    assert.equal(host.queue.view().dead, 1, 'counted where the fleet telemetry reads it');
    // The fleet's bundle key: this one partly refused, the earlier one fully accepted.
    assert.deepEqual(host.queue.bundleCounts(), { accepted: 1, partlyRefused: 1, open: 0 });
    // The citizen's status query: any member's case number shows every department, the refused one with its reason.
    const caseNumber = r.members[2]!.caseNumber.toLowerCase();
    const status = (await host.call('case.status', { caseNumber }, signal)) as { valid: boolean; members: { serviceId: string; state: string; refused: boolean; reason: string | null; receiptNo: string | null }[] };
    assert.equal(status.valid, true);
    assert.deepEqual(status.members.map((m) => [m.serviceId, m.state, m.refused, m.reason, m.receiptNo !== null]), [
      ['birth-registration', 'done', false, null, true],
      ['newborn-medical-insurance', 'done', false, null, true],
      ['newborn-social-security-card', 'dead', true, 'address-required', false],
    ]);
    // A mistyped number (its check character wrong) is told apart from one not on this kiosk.
    const wrong = caseNumber.slice(0, -1) + (caseNumber.endsWith('2') ? '3' : '2');
    assert.deepEqual(await host.call('case.status', { caseNumber: wrong }, signal), { valid: false, members: [] });
    assert.deepEqual(await host.call('case.status', { caseNumber: 'K99-2222-2222-2' }, signal), { valid: true, members: [] });
  });

  it('the bundle is this session\'s only: after the session ends its outcome is not told', async () => {
    const r = (await host.call('bundle.submit', { bundle: 'newborn', members: members('hall') }, signal)) as { bundleSubmissionId: string };
    await host.call('session.end', { reason: 'done' }, signal);
    await assert.rejects(host.call('bundle.outcome', { bundleSubmissionId: r.bundleSubmissionId }, signal), { code: 'not-found' });
  });

  it('without the back end the e-certificate question answers offline and the materials are asked as usual', async () => {
    host.hub.idCardReader.sim!.removeCard();
    const reading = host.call('idcard.read', { timeoutMs: 20_000 }, signal);
    await sleep(300);
    host.hub.idCardReader.sim!.placeCard('wang');
    await reading;
    await host.queue.backend.close();
    const r = await host.call('ecert.check', { materials: ['marriage-certificate'] }, signal);
    assert.deepEqual(r, { online: false, certificates: [] });
  });
});
