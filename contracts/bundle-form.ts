import type { Environment } from '@marcbachmann/cel-js';
import { bundleAcceptance, memberConditionEnvironment, serviceFields, type BundleDefinition } from './bundle-definition.js';
import type { FieldGroupDef } from './data-dictionary.js';
import type { FormField, LocalizedText, Material, ServiceDefinition, StepOf } from './service-definition.js';

/**
 * A life-event bundle's ONE form, built from its members' forms: each data-dictionary field once
 * (the same key means the same thing in every member), then each member's own fields, in the
 * dictionary's natural reading order (group by group, then by order), split into pages of at most
 * `maxFieldsPerPage` fields so every page fits the screen it is shown on. Pure and synchronous: the
 * renderer builds it for the screen, the host rebuilds it to check a submission, the bench times it.
 */

/** One question of the merged form. */
export interface MergedField {
  /** The answer's key: the dictionary key for a shared field, `<serviceId>.<name>` for a member's own. */
  key: string;
  field: FormField;
  /** The members that ask it (their service ids, in member order). */
  services: string[];
  /** Group id: the dictionary's, or `service:<id>` for a member's own fields. */
  group: string;
}

/** One screen of the merged form: one or more groups, each under its heading. */
export interface MergedPage {
  sections: { group: string; title: LocalizedText; fields: MergedField[] }[];
}

export interface MergedMember {
  service: ServiceDefinition;
  label: LocalizedText;
  optional: boolean;
  when?: string;
}

export interface MergedForm {
  bundle: BundleDefinition;
  members: MergedMember[];
  /** Every field, in reading order. */
  fields: MergedField[];
  /** Paper materials, each type once, with the members that need it. */
  materials: { material: Material; services: string[] }[];
  /** How the citizen identifies once for all members (what every member accepts). */
  accept: ('idcard' | 'sscard' | 'app-qr')[];
  /** The face check run once for all (the strictest member's), if any member has one. */
  face: { serviceId: string; step: StepOf<'verify-face'> } | null;
  /** The signature given once for all, if any member has a sign step. */
  sign: { serviceId: string; step: StepOf<'sign'> } | null;
  /** Longest idle timeout of the members' form steps (seconds), for the form's pages. */
  formTimeoutSec: number | undefined;
  /** Member conditions, compiled once. */
  conditions: Environment;
}

export interface MergedFormOptions {
  /** The dictionary's groups in reading order (services.list's `fieldGroups`). */
  groups: readonly FieldGroupDef[];
  /** The members the citizen chose (service ids); default all. Optional members left out ask nothing. */
  chosen?: ReadonlySet<string>;
}

/** Build the merged form. Throws when a member is not among `services` (the host checked bundles at start-up). */
export function buildMergedForm(bundle: BundleDefinition, services: readonly ServiceDefinition[] | ReadonlyMap<string, ServiceDefinition>, options: MergedFormOptions): MergedForm {
  const byId = services instanceof Map ? services : new Map((services as readonly ServiceDefinition[]).map((s) => [s.id, s]));
  const members: MergedMember[] = bundle.members.map((m) => {
    const service = byId.get(m.service);
    if (!service) throw new Error(`bundle ${bundle.id}: no service "${m.service}"`);
    return { service, label: m.label ?? service.name, optional: m.optional, ...(m.when ? { when: m.when } : {}) };
  });
  const chosen = members.filter((m) => !options.chosen || !m.optional || options.chosen.has(m.service.id));
  const groupRank = new Map(options.groups.map((g, i) => [g.id, i]));
  const byKey = new Map<string, MergedField>();
  const order: MergedField[] = [];
  for (const m of chosen) {
    for (const f of serviceFields(m.service)) {
      const shared = f.group !== undefined && f.order !== undefined && groupRank.has(f.group);
      const key = shared ? f.name : `${m.service.id}.${f.name}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.services.push(m.service.id);
        // Asked once for all: required when any member requires it; the dictionary's own words
        // when the members word it differently.
        if (f.required) seen.field = { ...seen.field, required: true };
        if (seen.field.label['zh-CN'] !== f.label['zh-CN']) seen.field = { ...seen.field, label: dictionaryLabel(f, seen.field) };
        continue;
      }
      const mf: MergedField = { key, field: f, services: [m.service.id], group: shared ? f.group! : `service:${m.service.id}` };
      byKey.set(key, mf);
      order.push(mf);
    }
  }
  // Dictionary groups in their order, then each member's own fields in member order (a stable sort keeps step order inside).
  const memberRank = new Map(members.map((m, i) => [m.service.id, i]));
  const rank = (f: MergedField) => (f.group.startsWith('service:') ? options.groups.length + memberRank.get(f.services[0]!)! : groupRank.get(f.group)!);
  const fields = order.slice().sort((a, b) => rank(a) - rank(b) || (a.field.order ?? 0) - (b.field.order ?? 0));

  const materials: MergedForm['materials'] = [];
  for (const m of chosen) {
    for (const mat of m.service.materials) {
      const seen = materials.find((x) => x.material.type === mat.type);
      if (seen) seen.services.push(m.service.id);
      else materials.push({ material: mat, services: [m.service.id] });
    }
  }
  let face: MergedForm['face'] = null;
  let sign: MergedForm['sign'] = null;
  let formTimeoutSec: number | undefined;
  for (const m of chosen) {
    for (const s of m.service.steps) {
      // A required check wins over an optional one: one face check must satisfy every member.
      if (s.type === 'verify-face' && (!face || (face.step.policy === 'optional' && s.policy === 'required'))) face = { serviceId: m.service.id, step: s };
      if (s.type === 'sign' && !sign) sign = { serviceId: m.service.id, step: s };
      if (s.type === 'form' && s.timeoutSec) formTimeoutSec = Math.max(formTimeoutSec ?? 0, s.timeoutSec);
    }
  }
  return {
    bundle,
    members: chosen,
    fields,
    materials,
    accept: bundleAcceptance(chosen.map((m) => m.service)),
    face,
    sign,
    formTimeoutSec,
    conditions: memberConditionEnvironment(members.map((m) => m.service)),
  };
}

/** Labels overridden differently by two members: fall back to the plainer of the two (the shorter). */
function dictionaryLabel(a: FormField, b: FormField): LocalizedText {
  return a.label['zh-CN'].length <= b.label['zh-CN'].length ? a.label : b.label;
}

/** Members taking part for these answers: a member with a condition only when it holds. */
export function activeMembers(form: MergedForm, answers: Readonly<Record<string, string>>): MergedMember[] {
  return form.members.filter((m) => !m.when || memberConditionHolds(form, m.when, answers));
}

/** A member condition for these answers; an answer not given yet is empty text. Errors count as false. */
export function memberConditionHolds(form: MergedForm, when: string, answers: Readonly<Record<string, string>>): boolean {
  const ctx: Record<string, string> = {};
  for (const f of form.fields) if (!f.key.includes('.')) ctx[f.key] = answers[f.key] ?? '';
  try {
    return form.conditions.evaluate(when, ctx) === true;
  } catch (e) {
    // Type-checked at start-up; an expression that still fails (a missing variable) leaves the member out.
    console.warn(`bundle ${form.bundle.id}: condition failed: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
}

/** The fields the active members ask, in reading order. */
export function visibleFields(form: MergedForm, answers: Readonly<Record<string, string>>): MergedField[] {
  const active = new Set(activeMembers(form, answers).map((m) => m.service.id));
  return form.fields.filter((f) => f.services.some((s) => active.has(s)));
}

/**
 * Split fields into pages of at most `maxFieldsPerPage` fields: consecutive groups share a page
 * while they fit, a group larger than a page continues on the next one (under its heading again).
 */
export function paginate(fields: readonly MergedField[], maxFieldsPerPage: number, titleOf: (group: string) => LocalizedText): MergedPage[] {
  const max = Math.max(1, Math.floor(maxFieldsPerPage));
  const pages: MergedPage[] = [];
  let page: MergedPage = { sections: [] };
  let count = 0;
  const groups: { group: string; fields: MergedField[] }[] = [];
  for (const f of fields) {
    const last = groups[groups.length - 1];
    if (last && last.group === f.group) last.fields.push(f);
    else groups.push({ group: f.group, fields: [f] });
  }
  for (const g of groups) {
    // A group that would not fit on what is left of this page starts a new one (unless it could never fit whole).
    if (count > 0 && count + g.fields.length > max && g.fields.length <= max) {
      pages.push(page);
      page = { sections: [] };
      count = 0;
    }
    for (let i = 0; i < g.fields.length; ) {
      if (count === max) {
        pages.push(page);
        page = { sections: [] };
        count = 0;
      }
      const take = g.fields.slice(i, i + (max - count));
      page.sections.push({ group: g.group, title: titleOf(g.group), fields: take });
      count += take.length;
      i += take.length;
    }
  }
  if (count > 0) pages.push(page);
  return pages;
}

/** The heading of a group: the dictionary's label, or the member's label for its own fields. */
export function groupTitle(form: MergedForm, groups: readonly FieldGroupDef[], group: string): LocalizedText {
  if (group.startsWith('service:')) {
    const m = form.members.find((x) => x.service.id === group.slice('service:'.length));
    return m?.label ?? { 'zh-CN': group, en: group };
  }
  return groups.find((g) => g.id === group)?.label ?? { 'zh-CN': group, en: group };
}

/** The data one member submits: its own fields' answers under their own names. */
export function memberData(form: MergedForm, serviceId: string, answers: Readonly<Record<string, string>>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const f of form.fields) {
    if (!f.services.includes(serviceId)) continue;
    const v = answers[f.key];
    if (v !== undefined && v !== '') data[f.field.name] = v;
  }
  return data;
}
