import { z } from 'zod';

/**
 * The building blocks of a service definition every catalog file shares: bilingual text, ids,
 * icons, and a form field's rules (a service's own fields and the data dictionary's entries).
 */

/** Text in both UI languages; zh-CN is the kiosk's first language. */
/** Screen text is short: the longest a kiosk screen shows is a notice of a few paragraphs. */
export const MAX_TEXT_CHARS = 2000;
export const LocalizedText = z.strictObject({ 'zh-CN': z.string().min(1).max(MAX_TEXT_CHARS), en: z.string().min(1).max(MAX_TEXT_CHARS) });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A catalog id: a service, step, department, material type or query. */
export const CatalogId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", starting with a letter');

/** Icons the renderer draws as inline SVG (the kiosk has no emoji or icon font). */
export const ServiceIcon = z.enum(['idcard', 'shield', 'house', 'wallet', 'family', 'certificate', 'megaphone', 'ticket', 'calculator', 'qrcode']);
export type ServiceIcon = z.infer<typeof ServiceIcon>;

export const ServiceCategory = z.enum(['query', 'apply', 'complaint', 'queue', 'certificate', 'policy']);
export type ServiceCategory = z.infer<typeof ServiceCategory>;

/** What may be prefilled from the identity; the renderer shows it masked, the host fills in the real value. */
export const PrefillSource = z.enum(['identity.name', 'identity.idNumber', 'identity.address', 'identity.gender', 'identity.birthDate']);
export type PrefillSource = z.infer<typeof PrefillSource>;

export const FieldKind = z.enum(['text', 'number', 'phone', 'date', 'select', 'id-number', 'uscc', 'address']);
export type FieldKind = z.infer<typeof FieldKind>;

/** How a field's value is masked on the confirm page, receipts and logs (contracts/mask.ts). */
export const MaskRule = z.enum(['name', 'id-number', 'phone', 'address', 'account', 'none']);
export type MaskRule = z.infer<typeof MaskRule>;

/** A field's rules, shared by a service's own fields and the data dictionary's entries (services/dictionary/). */
export const FieldSpec = {
  kind: FieldKind,
  label: LocalizedText,
  hint: LocalizedText.optional(),
  required: z.boolean().default(true),
  /** Text length (text, address) or value range (number). */
  min: z.number().optional(),
  max: z.number().optional(),
  /** Choices of a `select` field. */
  options: z.array(z.strictObject({ value: z.string().min(1).max(64), label: LocalizedText })).optional(),
  /** Keyboard the field opens with; `pinyin` for free Chinese text. */
  keyboard: z.enum(['digits', 'latin', 'pinyin']).optional(),
  prefill: PrefillSource.optional(),
  /** Masking on screen and in logs; omitted: from the kind (id-number, phone, address) or none. */
  mask: MaskRule.optional(),
};

/** Rules every field must keep (a select has options, min ≤ max), wherever it is declared. */
export function checkFieldSpec(f: { kind: FieldKind; options?: unknown[]; min?: number; max?: number }, ctx: z.RefinementCtx): void {
  if (f.kind === 'select' && (!f.options || f.options.length === 0)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
  if (f.kind !== 'select' && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select field has options' });
  if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: 'custom', path: ['min'], message: 'min is larger than max' });
}

export const FormField = z
  .strictObject({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/, 'a camelCase field name'),
    ...FieldSpec,
    /**
     * Set by the catalog loader for a data-dictionary field (never written in a service file): its
     * group and place in natural reading order, which a bundle's merged form sorts by.
     */
    group: z.string().min(1).max(40).optional(),
    order: z.number().int().min(0).max(100_000).optional(),
  })
  .superRefine(checkFieldSpec);
export type FormField = z.infer<typeof FormField>;

/** The masking rule of a field: its own, else from its kind. */
export function fieldMask(f: Pick<FormField, 'kind' | 'mask' | 'prefill'>): MaskRule {
  if (f.mask) return f.mask;
  if (f.kind === 'id-number') return 'id-number';
  if (f.kind === 'phone') return 'phone';
  if (f.kind === 'address') return 'address';
  if (f.prefill === 'identity.name') return 'name';
  return 'none';
}
