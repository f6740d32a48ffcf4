import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { devicesNeeded } from '../../contracts/service-definition.js';
import { CatalogError, loadServiceCatalog, loadServiceCatalogChecked } from './service-catalog.js';

const dirs: string[] = [];
function catalogDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const good = `
id: demo
name: { zh-CN: 演示, en: Demo }
description: { zh-CN: 演示业务, en: A demo }
department: { id: gov-service, name: { zh-CN: 政务办, en: Service office } }
category: query
icon: idcard
steps:
  - { id: who, type: identify, method: idcard }
  - { id: end, type: done }
`;

function problems(dir: string): string[] {
  try {
    loadServiceCatalog(dir);
  } catch (e) {
    assert.ok(e instanceof CatalogError, String(e));
    return e.lines;
  }
  assert.fail('the broken catalog was accepted');
}

describe('service catalog loader', () => {
  it('loads the shipped catalog', () => {
    const services = loadServiceCatalog();
    assert.ok(services.length >= 3);
    for (const s of services) assert.ok(s.name['zh-CN'] && s.name.en, s.id);
  });

  it('loads YAML and JSON and applies defaults', () => {
    const json = JSON.stringify({ ...JSON.parse(JSON.stringify({})), id: 'other', name: { 'zh-CN': '另一', en: 'Other' }, description: { 'zh-CN': '说明', en: 'About' }, department: { id: 'police', name: { 'zh-CN': '公安局', en: 'Police' } }, category: 'apply', icon: 'family', steps: [{ id: 'a', type: 'identify', method: 'qr' }, { id: 'b', type: 'done' }] });
    const s = loadServiceCatalog(catalogDir({ 'demo.yaml': good, 'other.json': json }));
    assert.deepEqual(s.map((x) => x.id), ['demo', 'other']);
    assert.equal(s[0]!.availability.needsNetwork, false);
    assert.deepEqual(devicesNeeded(s[1]!), { all: ['scanner'], any: [], optional: [] });
  });

  it('an optional identify step needs no reader: the service stays open with the reader offline', () => {
    const s = loadServiceCatalog(catalogDir({ 'demo.yaml': good.replace('method: idcard }', 'method: idcard, optional: true }') }));
    assert.deepEqual(devicesNeeded(s[0]!), { all: [], any: [], optional: ['idcard-reader'] });
    const either = loadServiceCatalog(catalogDir({ 'demo.yaml': good.replace('method: idcard }', 'method: either, optional: true }') }));
    assert.deepEqual(devicesNeeded(either[0]!), { all: [], any: [], optional: ['idcard-reader', 'scanner'] });
    const needed = loadServiceCatalog(catalogDir({ 'demo.yaml': good }));
    assert.deepEqual(devicesNeeded(needed[0]!), { all: ['idcard-reader'], any: [], optional: [] });
  });

  it('names the file and the path of a wrong step type', () => {
    const lines = problems(catalogDir({ 'demo.yaml': good.replace('type: identify', 'type: identfy') }));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /demo\.yaml: steps\[0\]\.type: /);
  });

  it('names a bad field kind deep inside a form', () => {
    const text = good.replace('  - { id: end, type: done }', `  - id: f\n    type: form\n    fields:\n      - { name: tel, kind: telephone, label: { zh-CN: 电话, en: Phone } }\n  - { id: end, type: done }`);
    assert.match(problems(catalogDir({ 'demo.yaml': text }))[0]!, /demo\.yaml: steps\[1\]\.fields\[0\]\.kind: /);
  });

  it('rejects unknown keys, a missing English name and a last step that is not done', () => {
    assert.match(problems(catalogDir({ 'demo.yaml': good.replace('category: query', 'category: query\ncolour: red') }))[0]!, /demo\.yaml: \(root\): .*colour/);
    assert.match(problems(catalogDir({ 'demo.yaml': good.replace('en: Demo', 'eng: Demo') }))[0]!, /demo\.yaml: name/);
    assert.match(problems(catalogDir({ 'demo.yaml': good.replace('  - { id: end, type: done }\n', '  - { id: end, type: confirm }\n') })).join('\n'), /demo\.yaml: steps\[1\]/);
  });

  it('rejects YAML syntax errors with a line number, and ids that do not match the file name', () => {
    assert.match(problems(catalogDir({ 'demo.yaml': good.replace('steps:', 'steps: [') }))[0]!, /demo\.yaml:\d+:\d+: /);
    assert.match(problems(catalogDir({ 'wrong.yaml': good }))[0]!, /wrong\.yaml: id: "demo" must match the file name/);
  });

  it('refuses a second verify-face step: an optional one skipped must not decide for a required one after it', () => {
    const twoChecks = good.replace(
      '  - { id: end, type: done }',
      '  - { id: face1, type: verify-face, policy: optional, title: { zh-CN: 人脸核验, en: Face check } }\n  - { id: face2, type: verify-face, policy: required, title: { zh-CN: 人脸核验, en: Face check } }\n  - { id: end, type: done }',
    );
    assert.match(problems(catalogDir({ 'demo.yaml': twoChecks }))[0]!, /demo\.yaml: steps\[2\]: a service has at most one verify-face step/);
  });

  it('checks references between steps', () => {
    const text = good.replace('  - { id: end, type: done }', '  - { id: r, type: print-receipt, content: lookup, lookupStep: nothing }\n  - { id: end, type: done }');
    assert.match(problems(catalogDir({ 'demo.yaml': text }))[0]!, /demo\.yaml: steps\[1\]\.lookupStep: must name an earlier lookup step/);
    const noIdentify = good.replace('  - { id: who, type: identify, method: idcard }', '  - { id: q, type: lookup, query: records }');
    assert.match(problems(catalogDir({ 'demo.yaml': noIdentify }))[0]!, /steps\[0\]: needs an earlier identify step/);
  });

  it('refuses an oversized file before parsing it: a 5 MB map of keys, a 50 MB description', () => {
    let keys = '';
    for (let i = 0; keys.length < 5 * 1024 * 1024; i++) keys += `k${i}: v\n`;
    assert.match(problems(catalogDir({ 'keys.yaml': keys }))[0]!, /keys\.yaml: \d+ bytes, over the limit of 262144/);
    const huge = good.replace('description: { zh-CN: 演示业务, en: A demo }', `description: { zh-CN: 演示业务, en: "${'x'.repeat(50 * 1024 * 1024)}" }`);
    assert.match(problems(catalogDir({ 'demo.yaml': huge }))[0]!, /demo\.yaml: \d+ bytes, over the limit/);
  });

  it('caps screen text in the schema, and aliases and duplicate keys in the parser', () => {
    const long = good.replace('description: { zh-CN: 演示业务, en: A demo }', `description: { zh-CN: 演示业务, en: "${'x'.repeat(3000)}" }`);
    assert.match(problems(catalogDir({ 'demo.yaml': long }))[0]!, /demo\.yaml: description\.en: .*(2000|big|long)/i);
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
    assert.match(problems(catalogDir({ 'bomb.yaml': bomb }))[0]!, /bomb\.yaml: ALIAS_LIMIT: /);
    assert.match(problems(catalogDir({ 'demo.yaml': good.replace('icon: idcard', 'icon: idcard\nicon: shield') }))[0]!, /demo\.yaml:\d+:\d+: DUPLICATE_KEY: .*"icon"/);
  });
});

describe('service catalog checked in a worker with an evaluation budget', () => {
  const calculator = readFileSync(new URL('../../services/elderly-subsidy-calculator.yaml', import.meta.url), 'utf8');
  // 281 characters of nested comprehensions: well-typed, and ten million steps for every answer.
  const L = '[0,1,2,3,4,5,6,7,8,9]';
  const costly = `${L}.all(a,${L}.all(b,${L}.all(c,${L}.all(d,${L}.all(e,${L}.all(f,${L}.all(g,a+b+c+d+e+f+g+age>=0 && hukou=="local")))))))`;

  it('loads the shipped catalog through the worker', async () => {
    const services = await loadServiceCatalogChecked();
    assert.deepEqual(services.map((s) => s.id), loadServiceCatalog().map((s) => s.id));
  });

  it('stops a rule of nested comprehensions and names the file, the path and the rule', async () => {
    assert.ok(costly.length >= 200 && costly.length <= 500, String(costly.length));
    const text = calculator.replace(`when: 'age >= 80 && hukou == "local"'`, `when: '${costly}'`);
    assert.notEqual(text, calculator);
    const dir = catalogDir({ 'elderly-subsidy-calculator.yaml': text });
    await assert.rejects(loadServiceCatalogChecked(dir, { ruleBudgetMs: 1500 }), (e: unknown) => {
      assert.ok(e instanceof CatalogError, String(e));
      assert.match(e.lines[0]!, /elderly-subsidy-calculator\.yaml: steps\[\d+\]\.rules\[0\] \("longevity-allowance"\): too costly to evaluate/);
      return true;
    });
  });
});

