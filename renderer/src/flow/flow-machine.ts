import { assign, setup } from 'xstate';
import type { MaskedIdentity } from '../../../contracts/devices.js';
import type { LookupResult, QueueTicket } from '../../../contracts/protocol.js';
import type { ServiceDefinition, Step } from '../../../contracts/service-definition.js';

/** What a flow has gathered so far. Only masked identity data ever reaches the renderer. */
export interface FlowContext {
  values: Record<string, string>;
  identity: MaskedIdentity | null;
  /** How the citizen identified: only an ID card is left on the reader to be taken back. */
  identifiedBy: 'card' | 'qr' | null;
  lookups: Record<string, LookupResult>;
  /** `id` is the UUID (idempotency key); `caseNumber` the short checkable number the citizen is shown. */
  submission: { id: string; online: boolean; caseNumber: string } | null;
  ticket: QueueTicket | null;
  /** The business (the queue field's value) `ticket` was taken for: back and forward again shows that ticket, not a new one. */
  ticketFor: string | null;
  /** Set once something was stored or issued (a submission, a ticket): going back cannot undo it. */
  committed: boolean;
}

/** A step finished; `patch` is merged into the context. */
export type FlowEvent =
  | { type: 'NEXT'; patch?: Partial<Omit<FlowContext, 'values' | 'lookups'>> & { values?: Record<string, string>; lookups?: Record<string, LookupResult> } }
  /** A step issued or stored something and stays on screen: keep it in the context (and commit) now, so going back cannot lose it. */
  | { type: 'RECORD'; patch: Partial<Omit<FlowContext, 'values' | 'lookups'>> }
  | { type: 'BACK' }
  /** Back to an earlier step by its id (a confirm page's "edit" returns to the form, not the step before). */
  | { type: `EDIT.${string}` }
  | { type: 'CANCEL' }
  | { type: 'TIMEOUT' };

/** How a flow ended: the session is wiped for every one of them. */
export type FlowExit = 'back' | 'cancel' | 'timeout' | 'done';

/**
 * Steps the citizen can return to with "back" (the others run once: a query, a print, a submission).
 * A calculator stores and sends nothing, so it can be answered again; a signature is only given to
 * the host, which replaces it when the citizen signs again (it goes out with the submission).
 */
const REVISITABLE: ReadonlySet<Step['type']> = new Set(['identify', 'form', 'notice', 'confirm', 'calculate', 'sign']);
/** Steps after which "back" can no longer undo what happened. */
const COMMITS: ReadonlySet<Step['type']> = new Set(['submit', 'print-ticket', 'license-print', 'print-id-copy']);

/**
 * Where "back" leads from step `i`: an earlier step to show again, `exit` (leave the service, nothing
 * was stored) or `finish` (something was already submitted: back means "I am done").
 */
export function backTarget(steps: readonly Step[], i: number): { kind: 'step'; id: string } | { kind: 'exit' } | { kind: 'finish' } {
  for (let j = i - 1; j >= 0; j--) {
    const s = steps[j]!;
    if (COMMITS.has(s.type)) return { kind: 'finish' };
    if (REVISITABLE.has(s.type)) return { kind: 'step', id: s.id };
  }
  return { kind: 'exit' };
}

const FINALS = { exitBack: 'back', cancelled: 'cancel', timedOut: 'timeout', finished: 'done' } as const satisfies Record<string, FlowExit>;
export type FinalState = keyof typeof FINALS;
export function exitOf(state: string): FlowExit | null {
  return (FINALS as Record<string, FlowExit>)[state] ?? null;
}

/**
 * Build the state machine of one service definition: one state per step, NEXT to the following
 * step, BACK per {@link backTarget}, CANCEL and TIMEOUT from every step, and four final states.
 */
export function createFlowMachine(def: ServiceDefinition) {
  const steps = def.steps;
  const states: Record<string, object> = {};
  steps.forEach((step, i) => {
    const next = i + 1 < steps.length ? steps[i + 1]!.id : 'finished';
    const back = backTarget(steps, i);
    // Every earlier step "back" could reach one by one, reachable at once.
    const edits: Record<string, { target: string }> = {};
    for (let t = backTarget(steps, i); t.kind === 'step'; ) {
      const id = t.id;
      edits[`EDIT.${id}`] = { target: id };
      t = backTarget(steps, steps.findIndex((s) => s.id === id));
    }
    states[step.id] = {
      on: {
        ...edits,
        NEXT: { target: step.type === 'done' ? 'finished' : next, actions: COMMITS.has(step.type) ? ['merge', 'commit'] : ['merge'] },
        BACK: { target: back.kind === 'step' ? back.id : back.kind === 'exit' ? 'exitBack' : 'finished' },
        RECORD: { actions: ['merge', 'commit'] },
        CANCEL: { target: 'cancelled' },
        TIMEOUT: { target: 'timedOut' },
      },
    };
  });
  for (const f of Object.keys(FINALS)) states[f] = { type: 'final' };

  return setup({
    types: { context: {} as FlowContext, events: {} as FlowEvent },
    actions: {
      merge: assign(({ context, event }) => {
        if (event.type === 'RECORD') return { ...event.patch };
        if (event.type !== 'NEXT' || !event.patch) return {};
        const { values, lookups, ...rest } = event.patch;
        return {
          ...rest,
          values: values ? { ...context.values, ...values } : context.values,
          lookups: lookups ? { ...context.lookups, ...lookups } : context.lookups,
        };
      }),
      commit: assign({ committed: true }),
    },
  }).createMachine({
    id: def.id,
    initial: steps[0]!.id,
    context: { values: {}, identity: null, identifiedBy: null, lookups: {}, submission: null, ticket: null, ticketFor: null, committed: false },
    // States are generated from the definition (checked by the tests); xstate's types cannot follow a computed config.
    states: states as Record<string, { type?: 'final' }>,
  });
}
