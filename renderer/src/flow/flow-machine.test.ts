import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor } from 'xstate';
import { ServiceDefinition, type ServiceDefinitionInput } from '../../../contracts/service-definition.js';
import { backTarget, createFlowMachine, exitOf } from './flow-machine.js';

const def = ServiceDefinition.parse({
  id: 'proof',
  name: { 'zh-CN': '证明', en: 'Proof' },
  description: { 'zh-CN': '说明', en: 'About' },
  department: { id: 'police', name: { 'zh-CN': '公安局', en: 'Police' } },
  category: 'apply',
  icon: 'family',
  steps: [
    { id: 'who', type: 'identify', method: 'idcard' },
    { id: 'form', type: 'form', fields: [{ name: 'phone', kind: 'phone', label: { 'zh-CN': '电话', en: 'Phone' } }] },
    { id: 'check', type: 'confirm' },
    { id: 'send', type: 'submit' },
    { id: 'receipt', type: 'print-receipt', content: 'submission' },
    { id: 'rate', type: 'evaluate' },
    { id: 'end', type: 'done' },
  ],
} satisfies ServiceDefinitionInput);

function run(...events: Parameters<ReturnType<typeof createActor<ReturnType<typeof createFlowMachine>>>['send']>[0][]) {
  const actor = createActor(createFlowMachine(def)).start();
  for (const e of events) actor.send(e);
  return actor.getSnapshot();
}

describe('flow machine', () => {
  it('walks the steps in order and merges what each step gathered', () => {
    const s = run({ type: 'NEXT' }, { type: 'NEXT', patch: { values: { phone: '13800138000' } } }, { type: 'NEXT' }, { type: 'NEXT', patch: { submission: { id: 'k1', online: false, caseNumber: 'K03-2345-6789-A' } } });
    assert.equal(s.value, 'receipt');
    assert.equal(s.context.values.phone, '13800138000');
    assert.deepEqual(s.context.submission, { id: 'k1', online: false, caseNumber: 'K03-2345-6789-A' });
    assert.equal(s.context.committed, true);
  });

  it('"edit" jumps back to an earlier step "back" could reach, never past a submission', () => {
    assert.equal(run({ type: 'NEXT' }, { type: 'NEXT' }, { type: 'EDIT.who' }).value, 'who', 'from the confirm page to the identify step at once');
    assert.equal(run({ type: 'NEXT' }, { type: 'NEXT' }, { type: 'EDIT.form' }).value, 'form');
    const after = run({ type: 'NEXT' }, { type: 'NEXT' }, { type: 'NEXT' }, { type: 'NEXT', patch: { submission: { id: 'k1', online: false, caseNumber: 'K03-2345-6789-A' } } }, { type: 'EDIT.form' });
    assert.equal(after.value, 'receipt', 'what was submitted cannot be edited');
    assert.equal(run({ type: 'NEXT' }, { type: 'EDIT.check' }).value, 'form', 'nor a step ahead');
  });

  it('goes back to the previous step that can be shown again, and leaves from the first', () => {
    assert.equal(run({ type: 'NEXT' }, { type: 'NEXT' }, { type: 'BACK' }).value, 'form');
    const out = run({ type: 'BACK' });
    assert.equal(out.value, 'exitBack');
    assert.equal(out.status, 'done');
    assert.equal(exitOf(String(out.value)), 'back');
  });

  it('after a submission, back finishes instead of submitting twice', () => {
    assert.deepEqual(backTarget(def.steps, 4), { kind: 'finish' });
    const s = run({ type: 'NEXT' }, { type: 'NEXT' }, { type: 'NEXT' }, { type: 'NEXT' }, { type: 'BACK' });
    assert.equal(s.value, 'finished');
  });

  it('back from the rating after a calculator returns to the calculator (it stores nothing)', () => {
    const calc = [
      { id: 'who', type: 'identify' },
      { id: 'calc', type: 'calculate' },
      { id: 'rate', type: 'evaluate' },
      { id: 'end', type: 'done' },
    ] as unknown as typeof def.steps;
    assert.deepEqual(backTarget(calc, 2), { kind: 'step', id: 'calc' });
    assert.deepEqual(backTarget(calc, 1), { kind: 'step', id: 'who' });
  });

  it('back from the form after a signature returns to the sign step (the citizen may sign again)', () => {
    const signed = [
      { id: 'who', type: 'identify' },
      { id: 'sign', type: 'sign' },
      { id: 'form', type: 'form' },
      { id: 'send', type: 'submit' },
    ] as unknown as typeof def.steps;
    assert.deepEqual(backTarget(signed, 2), { kind: 'step', id: 'sign' });
    assert.deepEqual(backTarget(signed, 1), { kind: 'step', id: 'who' });
  });

  it('cancel and timeout end the flow from any step', () => {
    assert.equal(run({ type: 'NEXT' }, { type: 'CANCEL' }).value, 'cancelled');
    assert.equal(run({ type: 'NEXT' }, { type: 'NEXT' }, { type: 'TIMEOUT' }).value, 'timedOut');
    assert.equal(exitOf('timedOut'), 'timeout');
    assert.equal(exitOf('form'), null);
  });

  it('a ticket recorded on its step survives back and forward (one ticket per visit), and commits', () => {
    const ticketDef = ServiceDefinition.parse({
      ...def,
      id: 'tickets',
      steps: [
        { id: 'business', type: 'form', fields: [{ name: 'queue', kind: 'select', label: { 'zh-CN': '业务', en: 'Business' }, options: [{ value: 'a', label: { 'zh-CN': '甲', en: 'A' } }] }] },
        { id: 'ticket', type: 'print-ticket', queueField: 'queue' },
        { id: 'end', type: 'done' },
      ],
    } satisfies ServiceDefinitionInput);
    const actor = createActor(createFlowMachine(ticketDef)).start();
    actor.send({ type: 'NEXT', patch: { values: { queue: 'a' } } });
    const ticket = { number: 'B001', window: '3号窗口', windowEn: 'Window 3', peopleAhead: 4, issuedAt: '2026-01-01T01:00:00Z', printed: true, printError: null };
    actor.send({ type: 'RECORD', patch: { ticket, ticketFor: 'a' } });
    assert.equal(actor.getSnapshot().value, 'ticket', 'recording does not move on');
    actor.send({ type: 'BACK' });
    assert.equal(actor.getSnapshot().value, 'business');
    actor.send({ type: 'NEXT', patch: { values: { queue: 'a' } } });
    const s = actor.getSnapshot();
    assert.equal(s.value, 'ticket');
    assert.deepEqual([s.context.ticket?.number, s.context.ticketFor, s.context.committed], ['B001', 'a', true]);
  });

  it('the done step finishes the flow', () => {
    const s = run(...Array.from({ length: 7 }, () => ({ type: 'NEXT' as const })));
    assert.equal(s.value, 'finished');
    assert.equal(exitOf(String(s.value)), 'done');
  });
});
