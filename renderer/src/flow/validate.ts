import { isValidIdNumber } from '../../../contracts/id-number.js';
import { isValidUscc } from '../../../contracts/uscc.js';
import type { FormField } from '../../../contracts/service-definition.js';

/** Why a value is not accepted: an i18n key under `form.` and its values; null when it is fine. */
export type FieldProblem = { key: string; values?: Record<string, string | number> } | null;

/** Mainland mobile numbers (11 digits starting 1) or a landline with its area code (0512-12345678). */
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Check one field's value against its kind and limits (prefilled fields are filled in by the host). */
export function validateField(f: FormField, raw: string | undefined): FieldProblem {
  if (f.prefill) return null;
  const v = (raw ?? '').trim();
  if (!v) return f.required ? { key: f.kind === 'select' ? 'choose' : 'required' } : null;
  switch (f.kind) {
    case 'phone':
      return PHONE.test(v) ? null : { key: 'invalidPhone' };
    case 'number': {
      const n = Number(v);
      const min = f.min ?? 0;
      const max = f.max ?? 999999;
      return /^\d+$/.test(v) && n >= min && n <= max ? null : { key: 'invalidNumber', values: { min, max } };
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return { key: 'invalidDate' };
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? null : { key: 'invalidDate' };
    }
    case 'id-number':
      return isValidIdNumber(v.toUpperCase()) ? null : { key: 'invalidIdNumber' };
    case 'uscc':
      return isValidUscc(v) ? null : { key: 'invalidUscc' };
    case 'select':
      return f.options?.some((o) => o.value === v) ? null : { key: 'choose' };
    default: {
      const len = Array.from(v).length;
      if (f.min !== undefined && len < f.min) return { key: 'tooShort', values: { min: f.min } };
      if (f.max !== undefined && len > f.max) return { key: 'tooLong', values: { max: f.max } };
      return null;
    }
  }
}

/** The keyboard a field opens with. */
export function keyboardFor(f: FormField): 'digits' | 'latin' | 'pinyin' | 'number' {
  if (f.keyboard) return f.keyboard;
  // A count takes digits only: the keypad has no "-" or "X" to type by mistake.
  if (f.kind === 'number') return 'number';
  if (f.kind === 'phone' || f.kind === 'date' || f.kind === 'id-number') return 'digits';
  if (f.kind === 'uscc') return 'latin';
  return 'pinyin';
}
