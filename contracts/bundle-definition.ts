import { z } from 'zod';
import { Environment } from '@marcbachmann/cel-js';
import { expressionProblem } from './policy-rules.js';
import { LifeEvent, LocalizedText, ServiceIcon, type FormField, type ServiceDefinition, type StepType } from './service-definition.js';

/**
 * A life-event bundle (一件事, services/bundles/<id>.yaml): several services of several departments
 * done in one go — one identify, one merged form, one set of materials, one submission — while each
 * member keeps its own record, department and case number. Objects are strict, as in the services.
 */

const Id = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", starting with a letter');

export const BundleMember = z.strictObject({
  /** The member service's id (a file in services/). */
  service: Id,
  /** The citizen may leave it out (a tick on the confirm page). */
  optional: z.boolean().default(false),
  /**
   * A CEL condition over the answers of the members before it (their dictionary fields, as text,
   * e.g. `relation != "guardian"`): false leaves the member out.
   */
  when: z.string().min(1).max(500).optional(),
  /** What the bundle calls this part; the service's name otherwise. */
  label: LocalizedText.optional(),
});
export type BundleMember = z.infer<typeof BundleMember>;

export const BundleDefinition = z
  .strictObject({
    id: Id,
    name: LocalizedText,
    description: LocalizedText,
    lifeEvent: LifeEvent,
    /** The departments the members belong to (their `department.id`), as the home card lists them. */
    departments: z.array(Id).min(1).max(12),
    icon: ServiceIcon.default('family'),
    order: z.number().int().min(0).max(10000).default(100),
    /** Search words: pinyin initials of the name, synonyms. */
    keywords: z.array(z.string().min(1).max(40)).max(40).default([]),
    members: z.array(BundleMember).min(2).max(12),
  })
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.members.forEach((m, i) => {
      if (seen.has(m.service)) ctx.addIssue({ code: 'custom', path: ['members', i, 'service'], message: `"${m.service}" is already members[${seen.get(m.service)}]` });
      seen.set(m.service, i);
    });
    if (b.members.every((m) => m.optional || m.when)) ctx.addIssue({ code: 'custom', path: ['members'], message: 'at least one member must be neither optional nor conditional' });
  });
export type BundleDefinition = z.infer<typeof BundleDefinition>;
export type BundleDefinitionInput = z.input<typeof BundleDefinition>;

/** Steps a bundle runs once for all members (or merges); a member with any other step cannot join one. */
const BUNDLE_STEPS: ReadonlySet<StepType> = new Set(['identify', 'verify-face', 'form', 'notice', 'confirm', 'sign', 'submit', 'print-receipt', 'evaluate', 'done']);

/** A problem of a bundle against the catalogue, with its path inside the bundle file. */
export interface BundleProblem {
  path: (string | number)[];
  message: string;
}

/** The form fields of a service, in step order. */
export function serviceFields(def: ServiceDefinition): FormField[] {
  return def.steps.flatMap((s) => (s.type === 'form' ? s.fields : []));
}

/** A CEL environment of the dictionary fields of the members before member `index` (all text). */
export function memberConditionEnvironment(earlier: readonly ServiceDefinition[]): Environment {
  const env = new Environment();
  const names = new Set<string>();
  for (const def of earlier) for (const f of serviceFields(def)) if (f.group !== undefined) names.add(f.name);
  for (const n of names) env.registerVariable(n, 'string');
  return env;
}

/**
 * Check a bundle against the loaded catalogue: every member exists and runs only steps a bundle can
 * merge, all members share an identity method, a shared dictionary field means the same in every
 * member (same kind and choices), the departments are the members', and each `when` type-checks
 * over the earlier members' dictionary fields.
 */
export function bundleProblems(b: BundleDefinition, services: ReadonlyMap<string, ServiceDefinition>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const defs: ServiceDefinition[] = [];
  b.members.forEach((m, i) => {
    const def = services.get(m.service);
    if (!def) {
      problems.push({ path: ['members', i, 'service'], message: `no service "${m.service}" in the catalogue` });
      return;
    }
    const odd = def.steps.find((s) => !BUNDLE_STEPS.has(s.type));
    if (odd) problems.push({ path: ['members', i, 'service'], message: `"${m.service}" has a ${odd.type} step, which a bundle cannot run` });
    if (!def.steps.some((s) => s.type === 'submit')) problems.push({ path: ['members', i, 'service'], message: `"${m.service}" submits nothing (a member needs a submit step)` });
    if (m.when) {
      const bad = expressionProblem(memberConditionEnvironment(defs), m.when, 'bool');
      if (bad) problems.push({ path: ['members', i, 'when'], message: `${bad} (a condition may use the dictionary fields of earlier members)` });
    }
    defs.push(def);
  });
  if (problems.length) return problems;
  if (bundleAcceptance(defs).length === 0) problems.push({ path: ['members'], message: 'the members have no identity method in common (identify accept)' });
  const shared = new Map<string, { field: FormField; service: string }>();
  for (const def of defs) {
    for (const f of serviceFields(def)) {
      if (f.group === undefined) continue;
      const first = shared.get(f.name);
      if (!first) {
        shared.set(f.name, { field: f, service: def.id });
        continue;
      }
      const sameOptions = JSON.stringify(first.field.options?.map((o) => o.value) ?? null) === JSON.stringify(f.options?.map((o) => o.value) ?? null);
      if (first.field.kind !== f.kind || first.field.prefill !== f.prefill || !sameOptions) {
        problems.push({ path: ['members'], message: `field "${f.name}" differs between "${first.service}" and "${def.id}" (kind, prefill or choices)` });
      }
    }
  }
  const departments = new Set(defs.map((d) => d.department.id));
  b.departments.forEach((d, i) => {
    if (!departments.has(d)) problems.push({ path: ['departments', i], message: `no member belongs to department "${d}"` });
  });
  for (const d of departments) if (!b.departments.includes(d)) problems.push({ path: ['departments'], message: `department "${d}" of a member is not listed` });
  return problems;
}

/** How a citizen may identify for every member at once: what all their identify steps accept. */
export function bundleAcceptance(defs: readonly ServiceDefinition[]): ('idcard' | 'sscard' | 'app-qr')[] {
  let common: ('idcard' | 'sscard' | 'app-qr')[] = ['idcard', 'sscard', 'app-qr'];
  for (const def of defs) {
    const step = def.steps.find((s) => s.type === 'identify');
    if (!step || step.type !== 'identify') continue;
    const accepts = step.accept ?? (step.method === 'idcard' ? ['idcard'] : step.method === 'qr' ? ['app-qr'] : ['idcard', 'app-qr']);
    common = common.filter((a) => accepts.includes(a));
  }
  return common;
}

/** The catalogue as the host serves it: services, bundles, and the dictionary's groups (for the merged form's headings). */
export interface CatalogBundles {
  bundles: BundleDefinition[];
  fieldGroups: { id: string; label: LocalizedText }[];
}
