import { Environment } from '@marcbachmann/cel-js';

/**
 * Policy rules as data: a `calculate` step's conditions and amounts are CEL expressions (Common
 * Expression Language, the language Kubernetes and Firebase keep their policies in) over the
 * citizen's answers. `@marcbachmann/cel-js` parses and type-checks them without `eval`, so the same
 * code validates the catalog on the host at start-up and evaluates in the renderer under its
 * `script-src 'self'` content security policy. Kept apart from the zod schema so the renderer can
 * use it without bundling zod.
 */

/** One answer a question can have: a whole number (an age, yuan), a code, or yes/no. */
export type AnswerValue = number | string | boolean;
export type AnswerType = 'int' | 'string' | 'bool';

/** What the rules need of a question (the schema's `CalculateQuestion` has more). */
export interface PolicyQuestion {
  name: string;
  options: readonly { value: AnswerValue }[];
}

/** What evaluation needs of a rule: a condition and a monthly amount in yuan (a whole number or a formula). */
export interface PolicyRule {
  id: string;
  when: string;
  amount: number | string;
}

/** The CEL type of a question's answers, or null when its options mix kinds. */
export function answerType(q: PolicyQuestion): AnswerType | null {
  const kinds = new Set(q.options.map((o) => (typeof o.value === 'number' ? 'int' : typeof o.value === 'boolean' ? 'bool' : 'string')));
  return kinds.size === 1 ? ([...kinds][0] as AnswerType) : null;
}

/** A CEL environment in which every question is a typed variable; an unknown name is a type error. */
export function policyEnvironment(questions: readonly PolicyQuestion[]): Environment {
  const env = new Environment();
  for (const q of questions) env.registerVariable(q.name, answerType(q) ?? 'dyn');
  return env;
}

/** Why `expr` is not a valid expression of type `want` in `env`, or null when it is. */
export function expressionProblem(env: Environment, expr: string, want: 'bool' | 'int'): string | null {
  const r = env.check(expr);
  // The library's message carries a caret drawing of the expression on later lines; the first says what is wrong.
  if (!r.valid) return `CEL: ${String(r.error?.message ?? 'invalid expression').split('\n')[0]}`;
  if (r.type !== want) return `must be of type ${want}, is ${r.type}`;
  return null;
}

/** One subsidy the citizen may be eligible for, with its monthly amount in yuan. */
export interface Entitlement {
  ruleId: string;
  monthly: number;
}

/** The outcome of the rules for one set of answers. */
export interface PolicyOutcome {
  items: Entitlement[];
  /** Sum of the monthly amounts, yuan. */
  monthlyTotal: number;
}

/** CEL's ints are BigInts; an answer goes in as the type its question declares. */
function celValue(v: AnswerValue): bigint | string | boolean {
  return typeof v === 'number' ? BigInt(Math.trunc(v)) : v;
}

/**
 * Parsed expressions per environment: a rule is parsed once and evaluated for many answer sets (the
 * start-up check tries every combination), so parsing each time would dominate.
 */
const parsed = new WeakMap<Environment, Map<string, (ctx: Record<string, unknown>) => unknown>>();
function compiled(env: Environment, expr: string): (ctx: Record<string, unknown>) => unknown {
  let byExpr = parsed.get(env);
  if (!byExpr) parsed.set(env, (byExpr = new Map()));
  let f = byExpr.get(expr);
  if (!f) byExpr.set(expr, (f = env.parse(expr)));
  return f;
}

/**
 * Evaluate every rule for `answers` (one value per question). A rule whose amount works out to
 * zero or less is left out: the citizen is not eligible for anything under it. Errors (a missing
 * answer, a division by zero) are thrown: a wrong estimate must never be shown as a right one.
 */
export function evaluatePolicy(env: Environment, rules: readonly PolicyRule[], answers: Readonly<Record<string, AnswerValue>>): PolicyOutcome {
  const ctx: Record<string, bigint | string | boolean> = {};
  for (const [k, v] of Object.entries(answers)) ctx[k] = celValue(v);
  const items: Entitlement[] = [];
  for (const r of rules) {
    if (compiled(env, r.when)(ctx) !== true) continue;
    const monthly = typeof r.amount === 'number' ? r.amount : Number(compiled(env, r.amount)(ctx) as bigint);
    if (monthly > 0) items.push({ ruleId: r.id, monthly });
  }
  return { items, monthlyTotal: items.reduce((s, i) => s + i.monthly, 0) };
}

/** Age reached in `year` by someone born in `birthYear` (the card gives only the year on the masked identity). */
export function ageInYear(birthYear: string | null, year: number): number | null {
  if (!birthYear || !/^\d{4}$/.test(birthYear)) return null;
  const age = year - Number(birthYear);
  return age >= 0 && age < 150 ? age : null;
}

/** Every combination of the questions' options (for checking rules at load), or null when there are more than `max`. */
export function allAnswerSets(questions: readonly PolicyQuestion[], max = 20_000): Record<string, AnswerValue>[] | null {
  const count = questions.reduce((n, q) => n * q.options.length, 1);
  if (count > max) return null;
  let sets: Record<string, AnswerValue>[] = [{}];
  for (const q of questions) sets = sets.flatMap((s) => q.options.map((o) => ({ ...s, [q.name]: o.value })));
  return sets;
}
