import { z } from 'zod';
import { checkFieldSpec, FieldSpec, LocalizedText, MaskRule, type FormField } from './service-definition.js';

/**
 * The data dictionary (services/dictionary/fields.yaml): the fields many services ask for (the
 * applicant, a contact phone, a child, a spouse, a company, a bank account …) declared once, with
 * a stable key that is also the name the field is submitted under. A service's form step refers to
 * an entry by its key instead of re-declaring it, so validation, the keyboard, masking and the
 * natural reading order come from one place, and a bundle's merged form can ask each of them once.
 */

const FieldKey = z.string().regex(/^[a-z][a-zA-Z0-9]{0,40}$/, 'a camelCase key starting with a lower-case letter');
const GroupId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-"');

export const DictionaryEntry = z
  .strictObject({
    ...FieldSpec,
    /** Every entry states its masking, so a new personal field cannot slip into a log unmasked by omission. */
    mask: MaskRule,
    /** The group it belongs to (one of `groups`): the merged form asks a group's fields together. */
    group: GroupId,
    /** Place inside the group in natural reading order (lower first). */
    order: z.number().int().min(0).max(100_000),
  })
  .superRefine(checkFieldSpec);
export type DictionaryEntry = z.infer<typeof DictionaryEntry>;

export const FieldGroupDef = z.strictObject({ id: GroupId, label: LocalizedText });
export type FieldGroupDef = z.infer<typeof FieldGroupDef>;

export const DataDictionary = z
  .strictObject({
    /** The groups in the order a merged form asks them (the applicant first, the bank account last). */
    groups: z.array(FieldGroupDef).min(1).max(40),
    fields: z.record(FieldKey, DictionaryEntry),
  })
  .superRefine((d, ctx) => {
    const groups = new Set<string>();
    d.groups.forEach((g, i) => {
      if (groups.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate group "${g.id}"` });
      groups.add(g.id);
    });
    const keys = Object.keys(d.fields);
    if (keys.length > 500) ctx.addIssue({ code: 'custom', path: ['fields'], message: `${keys.length} entries, over the limit of 500` });
    for (const key of keys) {
      const e = d.fields[key]!;
      if (!groups.has(e.group)) ctx.addIssue({ code: 'custom', path: ['fields', key, 'group'], message: `no group "${e.group}" in groups` });
    }
  });
export type DataDictionary = z.infer<typeof DataDictionary>;

/** Overrides a service may make when it uses an entry: only the words and whether it must be answered. */
export const FieldUse = z.strictObject({ use: FieldKey, label: LocalizedText.optional(), hint: LocalizedText.optional(), required: z.boolean().optional() });
export type FieldUse = z.infer<typeof FieldUse>;

/** A problem found while resolving references, with its path inside the service file. */
export interface ResolveProblem {
  path: (string | number)[];
  message: string;
}

/** The form field an entry becomes in a service (its key is its name). */
export function dictionaryField(dict: DataDictionary, key: string, use?: FieldUse): FormField | undefined {
  const e = dict.fields[key];
  if (!e) return undefined;
  const f: FormField = { name: key, ...e };
  if (use?.label) f.label = use.label;
  if (use?.hint) f.hint = use.hint;
  if (use?.required !== undefined) f.required = use.required;
  return f;
}

/**
 * Replace the dictionary references in a parsed (not yet validated) service file by the fields they
 * name: `phone` becomes the dictionary's phone field, `{ use: relation, label: … }` the same with
 * the overrides. An inline field whose `name` is a dictionary key is refused: re-declaring a shared
 * field would let its validation or masking drift from the dictionary's. Returns a copy; the rest of
 * the file is checked afterwards by the service schema as before.
 */
export function resolveFieldRefs(doc: unknown, dict: DataDictionary): { value: unknown; problems: ResolveProblem[] } {
  const problems: ResolveProblem[] = [];
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { steps?: unknown }).steps)) return { value: doc, problems };
  const steps = (doc as { steps: unknown[] }).steps.map((step, i) => {
    if (typeof step !== 'object' || step === null || (step as { type?: unknown }).type !== 'form') return step;
    const fields = (step as { fields?: unknown }).fields;
    if (!Array.isArray(fields)) return step;
    const resolved = fields.map((f, j) => {
      const path = ['steps', i, 'fields', j];
      if (typeof f === 'string') {
        const field = dictionaryField(dict, f);
        if (!field) problems.push({ path, message: `no data-dictionary field "${f}" (services/dictionary/fields.yaml)` });
        return field ?? f;
      }
      if (typeof f !== 'object' || f === null) return f;
      if ('use' in f) {
        const use = FieldUse.safeParse(f);
        if (!use.success) {
          for (const issue of use.error.issues.slice(0, 2)) problems.push({ path: [...path, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${issue.message} (a dictionary field may only override label, hint and required)` });
          return f;
        }
        const field = dictionaryField(dict, use.data.use, use.data);
        if (!field) problems.push({ path: [...path, 'use'], message: `no data-dictionary field "${use.data.use}" (services/dictionary/fields.yaml)` });
        return field ?? f;
      }
      const name = (f as { name?: unknown }).name;
      if (typeof name === 'string' && Object.hasOwn(dict.fields, name)) {
        problems.push({ path: [...path, 'name'], message: `"${name}" is a data-dictionary field: write \`${name}\` or \`{ use: ${name}, label: … }\` instead of declaring it again` });
      }
      return f;
    });
    return { ...(step as object), fields: resolved };
  });
  return { value: { ...(doc as object), steps }, problems };
}
