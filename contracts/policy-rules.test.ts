import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ageInYear, evaluatePolicy, policyEnvironment, type AnswerValue } from './policy-rules.js';
import { ServiceDefinition, formatIssuePath, type StepOf } from './service-definition.js';

const FILE = new URL('../services/elderly-subsidy-calculator.yaml', import.meta.url);
const raw = parse(readFileSync(FILE, 'utf8')) as { steps: Record<string, unknown>[] };
const def = ServiceDefinition.parse(raw);
const step = def.steps.find((s): s is StepOf<'calculate'> => s.type === 'calculate')!;
const env = policyEnvironment(step.questions);

const base: Record<string, AnswerValue> = { age: 60, hukou: 'local', alone: false, disability: 0, support: 'none', income: 5000 };
function estimate(answers: Record<string, AnswerValue>) {
  const out = evaluatePolicy(env, step.rules, { ...base, ...answers });
  return { ids: Object.fromEntries(out.items.map((i) => [i.ruleId, i.monthly])), total: out.monthlyTotal };
}

/** The shipped calculator's step with one rule replaced, parsed as a whole definition. */
function withRule(i: number, patch: Record<string, unknown>) {
  const copy = structuredClone(raw);
  const calc = copy.steps.find((s) => s.type === 'calculate') as { rules: Record<string, unknown>[] };
  calc.rules[i] = { ...calc.rules[i], ...patch };
  const r = ServiceDefinition.safeParse(copy);
  assert.equal(r.success, false, 'the broken rule was accepted');
  return r.error!.issues.map((x) => `${formatIssuePath(x.path)}: ${x.message}`);
}

describe('policy calculator rules (services/elderly-subsidy-calculator.yaml)', () => {
  it('a well-off 65-year-old living with family gets nothing', () => {
    assert.deepEqual(estimate({ age: 65 }), { ids: {}, total: 0 });
  });

  it('an 85-year-old local on 低保 who lives alone: longevity, elderly care and the 低保 top-up', () => {
    assert.deepEqual(estimate({ age: 85, alone: true, support: 'dibao', income: 500 }), {
      ids: { 'longevity-allowance': 100, 'elderly-care-subsidy': 300, 'minimum-living-allowance': 600 },
      total: 1000,
    });
  });

  it('the longevity allowance steps up at 80, 90 and 100, not a year before', () => {
    assert.equal(estimate({ age: 79 }).total, 0);
    assert.equal(estimate({ age: 80 }).ids['longevity-allowance'], 100);
    assert.equal(estimate({ age: 89 }).ids['longevity-allowance'], 100);
    assert.equal(estimate({ age: 90 }).ids['longevity-allowance'], 300);
    assert.equal(estimate({ age: 99 }).ids['longevity-allowance'], 300);
    assert.equal(estimate({ age: 100 }).ids['longevity-allowance'], 600);
  });

  it('elderly care starts at 60; low-income households get less', () => {
    assert.deepEqual(estimate({ age: 59, support: 'low-income' }).ids, {});
    assert.deepEqual(estimate({ age: 60, support: 'low-income' }).ids, { 'elderly-care-subsidy': 100 });
  });

  it('a non-local citizen gets nothing, whatever else is true', () => {
    assert.deepEqual(estimate({ age: 95, hukou: 'other', alone: true, disability: 1, support: 'dibao', income: 0 }), { ids: {}, total: 0 });
  });

  it('disability subsidies: grade 1 care 200, grade 2 care 150, living subsidy only for households in difficulty', () => {
    assert.deepEqual(estimate({ age: 40, disability: 1 }).ids, { 'severe-disability-care-subsidy': 200 });
    assert.deepEqual(estimate({ age: 40, disability: 2, support: 'tekun', income: 0 }).ids, { 'disability-living-subsidy': 100, 'severe-disability-care-subsidy': 150 });
    assert.deepEqual(estimate({ age: 40, disability: 3 }).ids, {});
  });

  it('the 低保 top-up is the standard minus income and stops at the standard; 特困 people are not topped up', () => {
    assert.equal(estimate({ age: 30, income: 0 }).ids['minimum-living-allowance'], 1100);
    assert.equal(estimate({ age: 30, income: 1000 }).ids['minimum-living-allowance'], 100);
    assert.equal(estimate({ age: 30, income: 2000 }).total, 0);
    assert.equal(estimate({ age: 30, income: 0, support: 'tekun' }).ids['minimum-living-allowance'], undefined);
  });

  it('a missing answer is an error, never a silent zero', () => {
    const { income: _, ...partial } = base;
    assert.throws(() => evaluatePolicy(env, step.rules, partial));
  });

  it('the age from the card is the age reached this year', () => {
    assert.equal(ageInYear('1946', 2026), 80);
    assert.equal(ageInYear('1947', 2026), 79);
    assert.equal(ageInYear(null, 2026), null);
    assert.equal(ageInYear('19x6', 2026), null);
  });

  it('rejects a rule naming an unknown answer, with its path', () => {
    const lines = withRule(0, { when: 'age >= 80 && hukuo == "local"' });
    assert.deepEqual(lines.length, 1);
    assert.match(lines[0]!, /^steps\[1\]\.rules\[0\]\.when: CEL: Unknown variable: hukuo/);
  });

  it('rejects a syntax error, a condition that is not yes/no and an amount that is not a whole number', () => {
    assert.match(withRule(1, { when: 'age >= ' })[0]!, /^steps\[1\]\.rules\[1\]\.when: CEL: /);
    assert.match(withRule(1, { when: 'age + 1' })[0]!, /^steps\[1\]\.rules\[1\]\.when: must be of type bool, is int/);
    assert.match(withRule(2, { amount: 'hukou' })[0]!, /^steps\[1\]\.rules\[2\]\.amount: must be of type int, is string/);
  });

  it('rejects a formula that fails for some answers, naming them', () => {
    assert.match(withRule(2, { amount: '1100 / disability' })[0]!, /^steps\[1\]\.rules\[2\]: cannot be computed for .*disability=0/);
  });

  it('rejects duplicate rule ids and questions whose options mix kinds', () => {
    const copy = structuredClone(raw);
    const calc = copy.steps.find((s) => s.type === 'calculate') as { rules: { id: string }[]; questions: { options: { value: unknown }[] }[] };
    calc.rules[1]!.id = calc.rules[0]!.id;
    calc.questions[1]!.options[0]!.value = 1;
    const r = ServiceDefinition.safeParse(copy);
    const lines = r.error!.issues.map((x) => formatIssuePath(x.path));
    assert.ok(lines.includes('steps[1].questions[1].options'), lines.join('\n'));
    assert.ok(lines.includes('steps[1].rules[1].id'), lines.join('\n'));
  });
});
