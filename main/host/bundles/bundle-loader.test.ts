import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CatalogError, loadCatalog } from '../service-catalog.js';

const dirs: string[] = [];
/** A services folder with the given files (paths may include `bundles/` or `dictionary/`). */
function catalogDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-test-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bundles'));
  mkdirSync(join(dir, 'dictionary'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function service(id: string, dept: string, fields: string, identify = 'method: idcard', extra = ''): string {
  return `
id: ${id}
name: { zh-CN: 业务${id}, en: Service ${id} }
description: { zh-CN: 说明, en: About }
department: { id: ${dept}, name: { zh-CN: 部门${dept}, en: Dept ${dept} } }
category: apply
icon: family
steps:
  - { id: who, type: identify, ${identify} }
  - id: f
    type: form
    fields: ${fields}
${extra}  - { id: s, type: submit }
  - { id: end, type: done }
`;
}

const bundle = (members: string, departments = '[police, hrss]') => `
id: life
name: { zh-CN: 一件事, en: Life event }
description: { zh-CN: 说明, en: About }
lifeEvent: birth
departments: ${departments}
members: ${members}
`;

function problems(dir: string): string[] {
  try {
    loadCatalog(dir);
  } catch (e) {
    assert.ok(e instanceof CatalogError, String(e));
    return e.lines;
  }
  assert.fail('the broken catalog was accepted');
}

const a = service('a', 'police', '[applicantName, { use: relation, label: { zh-CN: 关系, en: Relation } }, phone]');
const b = service('b', 'hrss', '[applicantName, childName, phone, { name: delivery, kind: text, label: { zh-CN: 领取, en: Delivery } }]');

describe('data dictionary and bundles in the catalog loader', () => {
  it('resolves dictionary references in the services (shipped dictionary when the folder has none)', () => {
    const c = loadCatalog(catalogDir({ 'a.yaml': a }));
    const fields = c.services[0]!.steps.flatMap((s) => (s.type === 'form' ? s.fields : []));
    assert.deepEqual(fields.map((f) => f.name), ['applicantName', 'relation', 'phone']);
    assert.equal(fields[0]!.prefill, 'identity.name');
    assert.equal(fields[0]!.mask, 'name');
    assert.equal(fields[1]!.label['zh-CN'], '关系', 'the override of the label');
    assert.equal(fields[1]!.kind, 'select');
    assert.equal(fields[2]!.mask, 'phone');
    assert.equal(fields[2]!.group, 'contact');
    assert.ok(c.fieldGroups.some((g) => g.id === 'applicant'));
  });

  it('refuses an inline field that re-declares a dictionary key, an unknown key and a forbidden override', () => {
    const redeclared = service('a', 'police', '[{ name: phone, kind: phone, label: { zh-CN: 电话, en: Phone } }]');
    assert.match(problems(catalogDir({ 'a.yaml': redeclared }))[0]!, /a\.yaml: steps\[1\]\.fields\[0\]\.name: "phone" is a data-dictionary field/);
    assert.match(problems(catalogDir({ 'a.yaml': service('a', 'police', '[phon]') }))[0]!, /a\.yaml: steps\[1\]\.fields\[0\]: no data-dictionary field "phon"/);
    assert.match(problems(catalogDir({ 'a.yaml': service('a', 'police', '[{ use: phone, kind: text }]') }))[0]!, /a\.yaml: steps\[1\]\.fields\[0\].*only override label, hint and required/);
  });

  it('a folder with its own dictionary uses it, and a broken one names its path', () => {
    const dict = `groups: [{ id: who, label: { zh-CN: 人, en: Person } }]\nfields:\n  petName: { kind: text, label: { zh-CN: 宠物, en: Pet }, mask: none, group: who, order: 1 }\n`;
    const c = loadCatalog(catalogDir({ 'a.yaml': service('a', 'police', '[petName, { name: phone, kind: phone, label: { zh-CN: 电话, en: Phone } }]'), 'dictionary/fields.yaml': dict }));
    assert.deepEqual(c.services[0]!.steps.flatMap((s) => (s.type === 'form' ? s.fields.map((f) => f.name) : [])), ['petName', 'phone']);
    const broken = dict.replace('group: who', 'group: nobody');
    assert.match(problems(catalogDir({ 'a.yaml': a, 'dictionary/fields.yaml': broken }))[0]!, /dictionary\/fields\.yaml: fields\.petName\.group: no group "nobody"/);
    assert.match(problems(catalogDir({ 'a.yaml': a, 'dictionary/fields.yaml': dict.replace('mask: none, ', '') }))[0]!, /fields\.petName\.mask/);
  });

  it('loads a bundle over its members', () => {
    const c = loadCatalog(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a }, { service: b, optional: true }]') }));
    assert.equal(c.bundles.length, 1);
    assert.deepEqual(c.bundles[0]!.members.map((m) => [m.service, m.optional]), [['a', false], ['b', true]]);
  });

  it('names a missing member, a wrong department and a bundle whose members are all optional', () => {
    assert.match(problems(catalogDir({ 'a.yaml': a, 'bundles/life.yaml': bundle('[{ service: a }, { service: c }]') }))[0]!, /bundles\/life\.yaml: members\[1\]\.service: no service "c"/);
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a }, { service: b }]', '[police, tax]') })).join('\n'), /departments\[1\]: no member belongs to department "tax"/);
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a }, { service: b }]', '[police]') })).join('\n'), /department "hrss" of a member is not listed/);
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a, optional: true }, { service: b, optional: true }]') }))[0]!, /members: at least one member/);
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/other.yaml': bundle('[{ service: a }, { service: b }]') }))[0]!, /id: "life" must match the file name "other"/);
  });

  it('type-checks a member condition over the earlier members\' dictionary fields', () => {
    const ok = loadCatalog(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a }, { service: b, when: \'relation != "guardian"\' }]') }));
    assert.equal(ok.bundles[0]!.members[1]!.when, 'relation != "guardian"');
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a }, { service: b, when: \'childName == "x"\' }]') }))[0]!, /members\[1\]\.when: CEL: .*childName/);
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': b, 'bundles/life.yaml': bundle('[{ service: a }, { service: b, when: \'relation\' }]') }))[0]!, /members\[1\]\.when: must be of type bool/);
  });

  it('refuses members without a common identity method or with a step a bundle cannot run', () => {
    const qr = service('b', 'hrss', '[phone]', 'method: qr');
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': qr, 'bundles/life.yaml': bundle('[{ service: a }, { service: b }]') }))[0]!, /no identity method in common/);
    const ticket = service('b', 'hrss', '[{ name: queue, kind: select, label: { zh-CN: 队列, en: Queue }, options: [{ value: q, label: { zh-CN: 甲, en: A } }] }]', 'method: idcard', '  - { id: t, type: print-ticket, queueField: queue }\n');
    assert.match(problems(catalogDir({ 'a.yaml': a, 'b.yaml': ticket, 'bundles/life.yaml': bundle('[{ service: a }, { service: b }]') }))[0]!, /has a print-ticket step, which a bundle cannot run/);
  });

  it('the shipped newborn bundle spans at least three departments, its members sharing dictionary fields', () => {
    const c = loadCatalog();
    const newborn = c.bundles.find((x) => x.id === 'newborn');
    assert.ok(newborn);
    assert.ok(newborn.departments.length >= 3, newborn.departments.join(', '));
    const members = newborn.members.map((m) => c.services.find((s) => s.id === m.service)!);
    const childName = members.filter((s) => s.steps.some((st) => st.type === 'form' && st.fields.some((f) => f.name === 'childName')));
    assert.ok(childName.length >= 3, 'the baby\'s name is asked by most members, so the merged form saves typing');
  });
});
