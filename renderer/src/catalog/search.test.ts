import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { BundleDefinition } from '../../../contracts/bundle-definition.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { filterBundles, filterServices } from './search.js';

/** The shipped catalogue's files, read as the search sees them (names, descriptions, departments, keywords). */
const root = new URL('../../../services/', import.meta.url);
const bundles = readdirSync(new URL('bundles/', root))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => BundleDefinition.parse(parse(readFileSync(new URL(`bundles/${f}`, root), 'utf8'))));
const services = readdirSync(root)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const s = parse(readFileSync(new URL(f, root), 'utf8')) as ServiceDefinition;
    return { ...s, keywords: s.keywords ?? [] };
  });
const ids = (bs: BundleDefinition[]) => bs.map((b) => b.id).sort();
const serviceIds = (ss: ServiceDefinition[]) => ss.map((s) => s.id).sort();

describe('catalogue search over services and life-event bundles', () => {
  it('finds a bundle by the pinyin initials of its name, typed in part or in full', () => {
    assert.deepEqual(ids(filterBundles(bundles, 'txyjs', services)), ['retirement']);
    assert.deepEqual(ids(filterBundles(bundles, 'shs', services)), ['after-death']);
    assert.deepEqual(ids(filterBundles(bundles, 'kbqy', services)), ['business-opening']);
    assert.deepEqual(ids(filterBundles(bundles, 'RXYJS', services)), ['school-start']);
    assert.deepEqual(ids(filterBundles(bundles, 'xsecs', services)), ['newborn']);
  });

  it('finds a bundle by its name in either language, and every bundle by 一件事', () => {
    assert.deepEqual(ids(filterBundles(bundles, '婚育', services)), ['marriage-birth']);
    assert.deepEqual(ids(filterBundles(bundles, 'retiring', services)), ['retirement']);
    assert.equal(filterBundles(bundles, '一件事', services).length, bundles.length);
    assert.ok(bundles.length >= 8);
    for (const b of bundles) {
      assert.ok(ids(filterBundles(bundles, b.name['zh-CN'], services)).includes(b.id), b.id);
      const initials = b.keywords.filter((k) => /^[a-z]+$/.test(k));
      assert.ok(initials.length > 0, `${b.id}: no pinyin keyword`);
      for (const k of initials) assert.ok(ids(filterBundles(bundles, k, services)).includes(b.id), `${b.id} by ${k}`);
    }
  });

  it('finds the bundles that do a service together with the rest of its life event', () => {
    assert.deepEqual(ids(filterBundles(bundles, '契税', services)), ['property-transfer']);
    assert.deepEqual(ids(filterBundles(bundles, '公积金', services)), ['after-death', 'business-opening', 'retirement']);
    // Without the member services' names only a bundle's own words count.
    assert.deepEqual(ids(filterBundles(bundles, '燃气过户', services)), ['property-transfer']);
    assert.deepEqual(ids(filterBundles(bundles, '燃气过户')), []);
  });

  it('an empty query or only spaces lists every bundle; several words must all match', () => {
    assert.equal(filterBundles(bundles, '  ', services).length, bundles.length);
    assert.deepEqual(ids(filterBundles(bundles, '户口注销 殡葬', services)), ['after-death']);
    assert.deepEqual(ids(filterBundles(bundles, '户口注销 开办企业', services)), []);
  });

  it('every service is found by its own pinyin initials and its name, and a department filter narrows', () => {
    for (const s of services) {
      const initials = s.keywords.filter((k) => /^[a-z]+$/.test(k));
      assert.ok(initials.length > 0, `${s.id}: no pinyin keyword`);
      assert.ok(serviceIds(filterServices(services, initials[0]!, null)).includes(s.id), `${s.id} by ${initials[0]}`);
      assert.ok(serviceIds(filterServices(services, s.name['zh-CN'], null)).includes(s.id), s.id);
    }
    assert.deepEqual(serviceIds(filterServices(services, '过户', 'utilities')), ['gas-transfer', 'power-transfer', 'water-transfer']);
  });
});
