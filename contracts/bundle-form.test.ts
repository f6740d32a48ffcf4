import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../main/host/service-catalog.js';
import { BundleDefinition } from './bundle-definition.js';
import { activeMembers, buildMergedForm, groupTitle, memberData, paginate, visibleFields } from './bundle-form.js';

const catalog = loadCatalog();
const newborn = catalog.bundles.find((b) => b.id === 'newborn')!;
const options = { groups: catalog.fieldGroups };

describe('the merged form of a bundle', () => {
  it('asks each dictionary field once, in the dictionary\'s reading order, then each member\'s own fields', () => {
    const form = buildMergedForm(newborn, catalog.services, options);
    const keys = form.fields.map((f) => f.key);
    assert.equal(new Set(keys).size, keys.length, 'no key twice');
    for (const k of ['applicantName', 'relation', 'phone', 'childName', 'childGender', 'childBirthDate', 'birthHospital', 'fatherName', 'motherName']) assert.equal(keys.filter((x) => x === k).length, 1, k);
    // applicant → contact → child → parents, then the members' own fields.
    assert.ok(keys.indexOf('applicantName') < keys.indexOf('phone'));
    assert.ok(keys.indexOf('phone') < keys.indexOf('childName'));
    assert.ok(keys.indexOf('childName') < keys.indexOf('childBirthDate'));
    assert.ok(keys.indexOf('birthHospital') < keys.indexOf('fatherName'));
    assert.ok(keys.indexOf('motherName') < keys.indexOf('newborn-medical-insurance.payment'));
    assert.ok(keys.indexOf('newborn-medical-insurance.payment') < keys.indexOf('newborn-social-security-card.delivery'));
    const childName = form.fields.find((f) => f.key === 'childName')!;
    assert.deepEqual(childName.services, ['birth-registration', 'newborn-medical-insurance', 'newborn-social-security-card', 'vaccination-certificate']);
    // Required in one member (optional postal address in another) → asked as in the only member that asks it.
    assert.equal(form.fields.find((f) => f.key === 'address')!.field.required, false);
    assert.deepEqual(form.accept, ['idcard'], 'what every member accepts');
  });

  it('lists each material type once with the members that need it', () => {
    const form = buildMergedForm(newborn, catalog.services, options);
    assert.deepEqual(form.materials.map((m) => [m.material.type, m.services.length]), [['birth-medical-certificate', 3], ['household-register', 3], ['marriage-certificate', 1]]);
  });

  it('leaves out an optional member the citizen did not choose, with its fields and materials', () => {
    const form = buildMergedForm(newborn, catalog.services, { ...options, chosen: new Set() });
    assert.equal(form.members.length, 3);
    assert.ok(!form.fields.some((f) => f.key.startsWith('vaccination-certificate.')));
    assert.deepEqual(form.fields.find((f) => f.key === 'childName')!.services.length, 3);
  });

  it('pages fit the limit, keep groups together where they can and lose no field', () => {
    const form = buildMergedForm(newborn, catalog.services, options);
    for (const max of [1, 2, 3, 4, 6, 8]) {
      const pages = paginate(form.fields, max, (g) => groupTitle(form, catalog.fieldGroups, g));
      const flat = pages.flatMap((p) => p.sections.flatMap((s) => s.fields.map((f) => f.key)));
      assert.deepEqual(flat, form.fields.map((f) => f.key), `max ${max}`);
      for (const p of pages) assert.ok(p.sections.reduce((n, s) => n + s.fields.length, 0) <= max);
      for (const p of pages) assert.ok(p.sections.length > 0);
    }
    const four = paginate(form.fields, 4, (g) => groupTitle(form, catalog.fieldGroups, g));
    // The four child fields fit one page: they are not split across two.
    const child = four.filter((p) => p.sections.some((s) => s.group === 'child'));
    assert.equal(child.length, 1);
    assert.equal(groupTitle(form, catalog.fieldGroups, 'child')['zh-CN'], '子女信息');
    assert.equal(groupTitle(form, catalog.fieldGroups, 'service:newborn-medical-insurance')['zh-CN'], '新生儿医保参保登记');
  });

  it('a conditional member takes part only when its condition holds; its own fields show with it', () => {
    const b = BundleDefinition.parse({ ...newborn, members: newborn.members.map((m) => (m.service === 'newborn-social-security-card' ? { ...m, when: 'relation != "guardian"' } : m)) });
    const form = buildMergedForm(b, catalog.services, options);
    const ids = (answers: Record<string, string>) => activeMembers(form, answers).map((m) => m.service.id);
    assert.ok(ids({ relation: 'mother' }).includes('newborn-social-security-card'));
    assert.ok(!ids({ relation: 'guardian' }).includes('newborn-social-security-card'));
    assert.ok(!visibleFields(form, { relation: 'guardian' }).some((f) => f.key === 'newborn-social-security-card.delivery'));
    assert.ok(visibleFields(form, { relation: 'father' }).some((f) => f.key === 'newborn-social-security-card.delivery'));
  });

  it('each member submits its own fields under their own names, shared answers typed once', () => {
    const form = buildMergedForm(newborn, catalog.services, options);
    const answers = { relation: 'mother', phone: '13912345678', childName: '王小宝', 'newborn-social-security-card.delivery': 'hall', 'newborn-medical-insurance.payment': 'tax-app' };
    assert.deepEqual(memberData(form, 'newborn-social-security-card', answers), { relation: 'mother', phone: '13912345678', childName: '王小宝', delivery: 'hall' });
    assert.deepEqual(memberData(form, 'newborn-medical-insurance', answers), { relation: 'mother', phone: '13912345678', childName: '王小宝', payment: 'tax-app' });
  });
});
