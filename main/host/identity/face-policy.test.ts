import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KioskConfig } from '../../../contracts/config.js';
import { ServiceDefinition } from '../../../contracts/service-definition.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import { Session } from '../session.js';
import { FaceDesk } from './face-desk.js';

/**
 * Which face checks a submission needs, without the face models (no try is started here: only
 * skips and the requirement, which are pure bookkeeping on the desk).
 */
const base = {
  id: 'two-checks',
  name: { 'zh-CN': '演示', en: 'Demo' },
  description: { 'zh-CN': '演示', en: 'Demo' },
  department: { id: 'gov', name: { 'zh-CN': '政务办', en: 'Office' } },
  category: 'query',
  icon: 'idcard',
};
const title = { 'zh-CN': '人脸核验', en: 'Face check' };

/** The catalog refuses two verify-face steps; this one is built past it, as a definition from elsewhere could be. */
function optionalThenRequired(): ServiceDefinition {
  const def = ServiceDefinition.parse({
    ...base,
    steps: [
      { id: 'who', type: 'identify', method: 'idcard' },
      { id: 'face1', type: 'verify-face', policy: 'optional', title },
      { id: 'submit', type: 'submit' },
      { id: 'end', type: 'done' },
    ],
  });
  const required = ServiceDefinition.parse({ ...base, steps: [{ id: 'who', type: 'identify', method: 'idcard' }, { id: 'face2', type: 'verify-face', policy: 'required', title }, { id: 'end', type: 'done' }] }).steps[1]!;
  def.steps.splice(2, 0, required);
  return def;
}

describe('face checks a submission needs', () => {
  it('a skipped optional check does not stand in for a required one after it', async () => {
    const def = optionalThenRequired();
    const session = new Session();
    const desk = new FaceDesk({ config: KioskConfig.parse({}), session, services: [def] });
    session.setIdentity({ ...DEMO_CARDS[0]!.card, photo: null, warnings: [] });
    assert.equal(desk.requirementMet(def), false, 'nothing done yet');
    const skip = await desk.handlers()['face.skip']({ serviceId: def.id, stepId: 'face1', reason: 'declined' }, new AbortController().signal);
    assert.equal(skip.allowed, true, 'the optional step may be skipped');
    assert.equal(desk.requirementMet(def), false, 'the required step after it is still owed');
    const req = await desk.handlers()['face.skip']({ serviceId: def.id, stepId: 'face2', reason: 'declined' }, new AbortController().signal);
    assert.equal(req.allowed, false);
    assert.equal(desk.requirementMet(def), false);
    // With only the optional step, a skip is enough.
    const onlyOptional = { ...def, steps: def.steps.filter((s) => s.id !== 'face2') };
    assert.equal(desk.requirementMet(onlyOptional), true);
    await desk.dispose();
  });

  it('the catalog refuses the definition with a clear message', () => {
    const r = ServiceDefinition.safeParse({ ...base, steps: optionalThenRequired().steps });
    assert.equal(r.success, false);
    assert.match(JSON.stringify(r.error?.issues), /at most one verify-face step/);
  });
});
