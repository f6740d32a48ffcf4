import { z } from 'zod';
import { CatalogId, FormField, LocalizedText, ServiceCategory, ServiceIcon } from './form-field.js';
import { allAnswerSets, answerType, evaluatePolicy, expressionProblem, policyEnvironment } from './policy-rules.js';
import { CaptureDocumentsStep, CaseStatusStep, PrintIdCopyStep } from './material-steps.js';
import { StepBase } from './step-base.js';

// The shared building blocks (text, ids, icons, fields) are part of this schema's public face.
export * from './form-field.js';
export { CaptureDocumentsStep, CaseStatusStep, PrintIdCopyStep };

/**
 * The service catalog's schema: one definition per file in `services/` (YAML or JSON). The host
 * validates every file at start-up and hands the renderer the parsed definitions; the renderer's
 * flow runner runs any definition that passes this schema. Objects are strict so a typo in a key
 * is an error naming the key, never a silently ignored field.
 */

const Id = CatalogId;
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day "HH:MM"');

/** How a lookup result value is shown. */
export const ValueFormat = z.enum(['text', 'money', 'date', 'month', 'number', 'area']);
export type ValueFormat = z.infer<typeof ValueFormat>;
const DisplayColumn = z.strictObject({ key: z.string().min(1).max(64), label: LocalizedText, format: ValueFormat.default('text') });


export const IdentifyStep = z.strictObject({
  ...StepBase,
  type: z.literal('identify'),
  /** ID card, the citizen's e-government QR code, or either. */
  method: z.enum(['idcard', 'qr', 'either']).default('idcard'),
  /**
   * What the step accepts (docs/protocol.md §7), e.g. `[idcard, sscard, app-qr]`; overrides `method`.
   * Social insurance, pension and medical-insurance services take the social security card.
   */
  accept: z.array(z.enum(['idcard', 'sscard', 'app-qr'])).min(1).max(3).optional(),
  /** The citizen may go on without identifying (it only fills in answers, e.g. the age of a policy calculator). */
  optional: z.boolean().default(false),
});
export const FormStep = z.strictObject({ ...StepBase, type: z.literal('form'), fields: z.array(FormField).min(1).max(8) });
export const NoticeStep = z.strictObject({
  ...StepBase,
  type: z.literal('notice'),
  body: z.array(LocalizedText).min(1),
  /** The citizen must tick "I have read and agree" before continuing (an authorisation). */
  requireAccept: z.boolean().default(false),
});
export const ConfirmStep = z.strictObject({ ...StepBase, type: z.literal('confirm') });
export const LookupStep = z.strictObject({
  ...StepBase,
  type: z.literal('lookup'),
  /** The back-end query name: the host calls `POST {backend}/v1/lookups/{query}`. */
  query: Id,
  /** Form values sent with the query (their field names). */
  params: z.array(z.string().max(64)).max(16).default([]),
  /** Key/value lines shown from the result's `summary`. */
  summary: z.array(DisplayColumn).default([]),
  /** Columns of the result's `rows`, as a table. */
  columns: z.array(DisplayColumn).default([]),
  empty: LocalizedText.optional(),
  /** Said when there is a summary but no rows (e.g. a retired person pays no contributions); a generic line otherwise. */
  emptyRows: LocalizedText.optional(),
});
export const SubmitStep = z.strictObject({ ...StepBase, type: z.literal('submit'), withIdentity: z.boolean().default(true) });
export const PrintReceiptStep = z.strictObject({
  ...StepBase,
  type: z.literal('print-receipt'),
  /** `submission`: the case receipt of the submit step; `lookup`: the result of the named lookup step. */
  content: z.enum(['submission', 'lookup']),
  lookupStep: Id.optional(),
  /** The citizen may skip printing (e.g. a balance they only wanted to see). */
  optional: z.boolean().default(false),
  /**
   * Also offer the lookup's result as an A4 certificate on the document printer (a hall prints its
   * certificates on A4, not on the receipt roll). Only with `content: lookup`.
   */
  document: z.strictObject({ paper: z.literal('A4'), title: LocalizedText.optional() }).optional(),
});
export const PrintTicketStep = z.strictObject({
  ...StepBase,
  type: z.literal('print-ticket'),
  /** The form field whose value names the queue (business type). */
  queueField: z.string().min(1).max(64),
});
export const EvaluateStep = z.strictObject({ ...StepBase, type: z.literal('evaluate') });
/**
 * Business license: the host validates the unified social credit code in the named form
 * field (GB 32100), asks the registry for the license and who may print it, and matches the
 * identified citizen's ID number on the host. Anyone not authorised is refused here.
 */
export const LicenseLookupStep = z.strictObject({
  ...StepBase,
  type: z.literal('license-lookup'),
  /** The form field of kind `uscc` holding the code. */
  usccField: z.string().min(1).max(64),
});
/** Choose original (正本, A3) or duplicate (副本, A4) and copies; check the document printer; print, record, receipt. */
export const LicensePrintStep = z.strictObject({
  ...StepBase,
  type: z.literal('license-print'),
  /** The license-lookup step whose license is printed. */
  lookupStep: Id,
});
/** A question of a `calculate` step, answered by tapping one of its options. */
export const CalculateQuestion = z.strictObject({
  /** The variable the rules use (a CEL identifier). */
  name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,40}$/, 'a camelCase name starting with a lower-case letter'),
  label: LocalizedText,
  hint: LocalizedText.optional(),
  /** All whole numbers (an age, yuan), all codes, or all yes/no: the rules see the answer with that type. */
  options: z.array(z.strictObject({ value: z.union([z.number().int().min(0).max(1_000_000), z.string().min(1).max(40), z.boolean()]), label: LocalizedText })).min(2).max(8),
  /** Answered from the identity when the citizen identified: `age` is the age reached this year, from the birth year. */
  fromIdentity: z.literal('age').optional(),
});
export type CalculateQuestion = z.infer<typeof CalculateQuestion>;

/** One subsidy: who is eligible (a CEL condition over the answers) and how much a month. */
export const PolicyRule = z.strictObject({
  id: Id,
  name: LocalizedText,
  /** CEL condition of type bool over the questions' names, e.g. `age >= 80 && hukou == "local"`. */
  when: z.string().min(1).max(500),
  /** Yuan per month: a whole number, or a CEL formula of type int (e.g. `1100 - income`). */
  amount: z.union([z.number().int().min(1).max(1_000_000), z.string().min(1).max(500)]),
  /** The policy or regulation it rests on. */
  basis: LocalizedText,
  /** Who decides and pays. */
  department: LocalizedText,
  /** What to bring to apply, in plain words. */
  bring: z.array(LocalizedText).min(1).max(8),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

/**
 * Told before each rule is tried against every combination of answers. CEL has no evaluation
 * budget, so the host validates the catalog in a worker thread that sets this to report progress,
 * and stops the worker when one rule runs too long, naming it (main/host/service-catalog.ts).
 */
export const ruleTrials: { before?: (ruleId: string) => void } = {};

/**
 * Policy calculator: a few questions, then the subsidies the rules grant for the answers, with
 * their amounts, legal basis, department and what to bring. An estimate; nothing is submitted.
 * Every rule is type-checked at load and tried against every combination of answers, so a rule
 * that names an unknown answer, has the wrong type or cannot be computed is rejected at start-up.
 */
export const CalculateStep = z
  .strictObject({
    ...StepBase,
    type: z.literal('calculate'),
    questions: z.array(CalculateQuestion).min(1).max(8),
    rules: z.array(PolicyRule).min(1).max(40),
    /** Shown when no rule applies (a default text otherwise). */
    empty: LocalizedText.optional(),
  })
  .superRefine((s, ctx) => {
    const names = new Map<string, number>();
    let questionsOk = true;
    s.questions.forEach((q, i) => {
      const dup = names.has(q.name);
      if (dup) ctx.addIssue({ code: 'custom', path: ['questions', i, 'name'], message: `duplicate question "${q.name}" (also questions[${names.get(q.name)}])` });
      names.set(q.name, i);
      const type = answerType(q);
      if (!type) ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'options must all be whole numbers, all text or all true/false' });
      questionsOk &&= !!type && !dup;
      if (q.fromIdentity === 'age' && type !== 'int') ctx.addIssue({ code: 'custom', path: ['questions', i, 'fromIdentity'], message: 'an age question needs whole-number options' });
      const values = new Set(q.options.map((o) => String(o.value)));
      if (values.size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'option values must differ' });
    });
    const ids = new Map<string, number>();
    s.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}" (also rules[${ids.get(r.id)}])` });
      ids.set(r.id, i);
    });
    // Rules are only checked against questions that are themselves sound.
    if (!questionsOk) return;
    const env = policyEnvironment(s.questions);
    let typed = true;
    s.rules.forEach((r, i) => {
      const bad = expressionProblem(env, r.when, 'bool');
      if (bad) ctx.addIssue({ code: 'custom', path: ['rules', i, 'when'], message: bad });
      const badAmount = typeof r.amount === 'string' ? expressionProblem(env, r.amount, 'int') : null;
      if (badAmount) ctx.addIssue({ code: 'custom', path: ['rules', i, 'amount'], message: badAmount });
      typed &&= !bad && !badAmount;
    });
    if (!typed) return;
    // Well-typed rules can still fail for some answers (a division by zero): try them all, one rule at a time.
    const sets = allAnswerSets(s.questions);
    s.rules.forEach((r, i) => {
      ruleTrials.before?.(r.id);
      for (const answers of sets ?? []) {
        try {
          evaluatePolicy(env, [r], answers);
        } catch (e) {
          const what = Object.entries(answers).map(([k, v]) => `${k}=${String(v)}`).join(', ');
          ctx.addIssue({ code: 'custom', path: ['rules', i], message: `cannot be computed for ${what}: ${String((e as Error).message).split('\n')[0]}` });
          return;
        }
      }
    });
  });

/**
 * 人证核验: compare the live face with the photo of the ID card read in this session,
 * with an active liveness challenge. `required`: without a camera or a photo decoder the service
 * is unavailable, and after the last failed try the citizen is sent to a staffed window;
 * `optional`: the citizen may skip it, and the skip is recorded with the submission.
 */
export const VerifyFaceStep = z.strictObject({
  ...StepBase,
  type: z.literal('verify-face'),
  policy: z.enum(['required', 'optional']),
  maxAttempts: z.number().int().min(1).max(3).default(3),
  /** A citizen identified by the e-government app's QR code (the app verified their face at login) goes on without a camera check. */
  acceptAppIdentity: z.boolean().default(true),
  /** The staffed window's queue (the back end's queue code, as a print-ticket step's) offered after the last failed try. */
  fallbackQueue: z.string().min(1).max(60).default('general'),
});
/**
 * A hand signature: the authorisation text, a signing box, clear and redo. The
 * signature goes with the next submission and into a printable A4 authorisation.
 */
export const SignStep = z.strictObject({
  ...StepBase,
  type: z.literal('sign'),
  /** The text signed (shown above the box and printed in the authorisation). */
  body: z.array(LocalizedText).min(1).max(12),
  /** The authorisation document's title. */
  documentTitle: LocalizedText,
});

export const DoneStep = z.strictObject({ ...StepBase, type: z.literal('done'), message: LocalizedText.optional() });

export const Step = z.discriminatedUnion('type', [IdentifyStep, FormStep, NoticeStep, ConfirmStep, LookupStep, SubmitStep, PrintReceiptStep, PrintTicketStep, EvaluateStep, DoneStep, LicenseLookupStep, LicensePrintStep, CalculateStep, VerifyFaceStep, SignStep, CaptureDocumentsStep, PrintIdCopyStep, CaseStatusStep]);
export type Step = z.infer<typeof Step>;
export type StepType = Step['type'];
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;

export const Department = z.strictObject({ id: Id, name: LocalizedText });

/** Life events (一件事): halls group services by what is happening in a citizen's life. */
export const LifeEvent = z.enum(['birth', 'school', 'work', 'marriage', 'housing', 'business', 'retirement', 'health', 'travel', 'family', 'bereavement']);
export type LifeEvent = z.infer<typeof LifeEvent>;
export type Department = z.infer<typeof Department>;

/**
 * A paper material a service needs (出生医学证明, 户口簿 …), by a type shared across services: a
 * bundle asks for each type once, and the back end may report it exists as an electronic
 * certificate (电子证照) so the citizen need not bring it.
 */
export const Material = z.strictObject({
  type: Id,
  name: LocalizedText,
  hint: LocalizedText.optional(),
});
export type Material = z.infer<typeof Material>;

export const ServiceDefinition = z
  .strictObject({
    id: Id,
    name: LocalizedText,
    description: LocalizedText,
    department: Department,
    category: ServiceCategory,
    icon: ServiceIcon,
    /** Position in the catalog (lower first; then by id). */
    order: z.number().int().min(0).max(10000).default(100),
    /** Extra search words: pinyin initials, common names (e.g. "sbjf", "社保"). */
    keywords: z.array(z.string().min(1).max(40)).max(40).default([]),
    /** Life events the service belongs to (the catalog's 一件事 groups). */
    lifeEvents: z.array(LifeEvent).max(4).default([]),
    availability: z
      .strictObject({
        /** Opening hours in hall time; omitted: 24 hours. */
        hours: z.strictObject({ from: ClockTime, to: ClockTime }).optional(),
        /** The service cannot be done without the back end (a lookup, a live ticket). */
        needsNetwork: z.boolean().default(false),
      })
      .prefault({}),
    /** Paper materials the application needs (a bundle's materials step asks each type once). */
    materials: z.array(Material).max(12).default([]),
    steps: z.array(Step).min(2).max(20),
  })
  .superRefine((d, ctx) => {
    const types = new Set<string>();
    d.materials.forEach((m, i) => {
      if (types.has(m.type)) ctx.addIssue({ code: 'custom', path: ['materials', i, 'type'], message: `duplicate material "${m.type}"` });
      types.add(m.type);
    });
    const seen = new Map<string, number>();
    d.steps.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${s.id}" (also steps[${seen.get(s.id)}])` });
      seen.set(s.id, i);
    });
    const last = d.steps[d.steps.length - 1];
    if (last && last.type !== 'done') ctx.addIssue({ code: 'custom', path: ['steps', d.steps.length - 1, 'type'], message: 'the last step must be "done"' });
    const fields = new Set(d.steps.flatMap((s) => (s.type === 'form' ? s.fields.map((f) => f.name) : [])));
    const identifyAt = d.steps.findIndex((s) => s.type === 'identify');
    d.steps.forEach((s, i) => {
      if (s.type === 'lookup') {
        s.params.forEach((p, j) => {
          if (!fields.has(p)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'params', j], message: `no form field named "${p}"` });
        });
      }
      if (s.type === 'print-receipt') {
        if (s.content === 'lookup') {
          const target = d.steps.findIndex((x) => x.id === s.lookupStep && x.type === 'lookup');
          if (target < 0 || target > i) ctx.addIssue({ code: 'custom', path: ['steps', i, 'lookupStep'], message: 'must name an earlier lookup step' });
        } else if (!d.steps.slice(0, i).some((x) => x.type === 'submit')) {
          ctx.addIssue({ code: 'custom', path: ['steps', i, 'content'], message: 'a submission receipt needs an earlier submit step' });
        }
      }
      if (s.type === 'print-receipt' && s.document && s.content !== 'lookup') ctx.addIssue({ code: 'custom', path: ['steps', i, 'document'], message: 'an A4 document needs content "lookup"' });
      if (s.type === 'license-lookup') {
        const ok = d.steps.slice(0, i).some((x) => x.type === 'form' && x.fields.some((f) => f.name === s.usccField && f.kind === 'uscc'));
        if (!ok) ctx.addIssue({ code: 'custom', path: ['steps', i, 'usccField'], message: `no earlier form field of kind "uscc" named "${s.usccField}"` });
      }
      if (s.type === 'license-print') {
        const target = d.steps.findIndex((x) => x.id === s.lookupStep && x.type === 'license-lookup');
        if (target < 0 || target > i) ctx.addIssue({ code: 'custom', path: ['steps', i, 'lookupStep'], message: 'must name an earlier license-lookup step' });
      }
      if (s.type === 'print-ticket' && !fields.has(s.queueField)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'queueField'], message: `no form field named "${s.queueField}"` });
      if (s.type === 'confirm' && !d.steps.slice(0, i).some((x) => x.type === 'form')) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'a confirm step needs an earlier form step' });
      // The face decision is one per service and session: a second verify-face step would share it
      // (a skipped optional one then decides for a required one), so a service has at most one.
      if (s.type === 'verify-face' && d.steps.slice(0, i).some((x) => x.type === 'verify-face')) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'a service has at most one verify-face step (the face decision is one per service)' });
      const copiedBy = d.steps.slice(i + 1).some((x) => x.type === 'print-id-copy' && x.captureStep === s.id);
      if (s.type === 'capture-documents' && !copiedBy && !d.steps.slice(i + 1).some((x) => x.type === 'submit')) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'a capture-documents step needs a later submit step (the pages go with the submission) or a print-id-copy step naming it' });
      if (s.type === 'print-id-copy') {
        const target = d.steps.slice(0, i).find((x) => x.id === s.captureStep && x.type === 'capture-documents');
        if (!target || target.type !== 'capture-documents' || target.minPages < 2) ctx.addIssue({ code: 'custom', path: ['steps', i, 'captureStep'], message: 'must name an earlier capture-documents step taking at least 2 pages (front and back)' });
      }
      if (s.type === 'capture-documents' && (s.minPages > s.maxPages || s.maxPages < s.pages.length)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'a capture-documents step needs minPages ≤ maxPages and room for every named page' });
      if (s.type === 'sign' && !d.steps.slice(i + 1).some((x) => x.type === 'submit')) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'a sign step needs a later submit step (the signature goes with the submission)' });
      const usesIdentity = s.type === 'verify-face' || s.type === 'sign'
        || s.type === 'lookup' || s.type === 'license-lookup' || (s.type === 'submit' && s.withIdentity) || (s.type === 'form' && s.fields.some((f) => f.prefill));
      if (usesIdentity && (identifyAt < 0 || identifyAt > i)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'needs an earlier identify step' });
    });
  });
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;
export type ServiceDefinitionInput = z.input<typeof ServiceDefinition>;

export { devicesNeeded, type NeededDevice } from './service-devices.js';

/** Where a schema issue is, as `steps[2].fields[0].kind` (the form named in start-up errors). */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/** The catalog as the host serves it to the renderer. */
export const ServiceCatalog = z.object({ services: z.array(ServiceDefinition) });
export type ServiceCatalog = z.infer<typeof ServiceCatalog>;

