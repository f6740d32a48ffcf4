import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMergedForm } from '../../../contracts/bundle-form.js';
import { loadCatalog } from '../../../main/host/service-catalog.js';
import { bundlePlan, fieldsPerPage } from './bundle-plan.js';

describe('a bundle as the flow machine runs it', () => {
  const catalog = loadCatalog();
  const newborn = catalog.bundles.find((b) => b.id === 'newborn')!;
  const form = buildMergedForm(newborn, catalog.services, { groups: catalog.fieldGroups });

  it('one identify, the choice of optional parts, one form, materials, one confirm, one submission, one receipt', () => {
    const plan = bundlePlan(form, newborn.name, newborn.description);
    assert.deepEqual(plan.steps.map((s) => s.id), ['identify', 'choose', 'form', 'materials', 'confirm', 'submit', 'receipt']);
    assert.deepEqual(plan.steps.map((s) => s.type), ['identify', 'notice', 'form', 'notice', 'confirm', 'submit', 'done']);
    const identify = plan.steps[0]!;
    assert.ok(identify.type === 'identify' && identify.accept?.join() === 'idcard');
  });

  it('fewer fields per page on a short screen and in elderly mode', () => {
    for (const [w, h] of [[1080, 1920], [1920, 1080], [1366, 768], [1280, 800]] as const) {
      assert.ok(fieldsPerPage({ width: w, height: h }, true) < fieldsPerPage({ width: w, height: h }, false), `${w}×${h}`);
      assert.ok(fieldsPerPage({ width: w, height: h }, true) >= 2);
    }
    assert.ok(fieldsPerPage({ width: 1080, height: 1920 }, false) > fieldsPerPage({ width: 1366, height: 768 }, false));
  });
});
