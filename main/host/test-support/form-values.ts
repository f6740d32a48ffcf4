import type { FormField } from '../../../contracts/service-definition.js';

/** Checked ID numbers of people who are not the citizen at the kiosk (a spouse, a child, the deceased). */
const OTHER_ID_NUMBERS = ['11010519491231002X', '440524188001010014'];
/** A code that passes GB 32100's check (the demo registry's first company). */
const USCC = '91320508MA1MXK2C87';

/**
 * A value a citizen could type into `f`, from its kind and limits alone: what the generated walk of
 * the catalogue fills every form with. `n` varies the value between fields of the same kind.
 */
export function valueFor(f: FormField, n = 0): string {
  const fit = (s: string) => {
    const min = f.min ?? 1;
    const max = f.max ?? 60;
    let out = s;
    while (Array.from(out).length < min) out += s;
    return Array.from(out).slice(0, Math.max(min, Math.min(max, Array.from(s).length))).join('');
  };
  switch (f.kind) {
    case 'select':
      return f.options![n % f.options!.length]!.value;
    case 'phone':
      return '13800138000';
    case 'date':
      return `2025-0${1 + (n % 9)}-15`;
    case 'number':
      return String(Math.max(f.min ?? 0, Math.min(f.max ?? 999999, 3)));
    case 'id-number':
      return OTHER_ID_NUMBERS[n % OTHER_ID_NUMBERS.length]!;
    case 'uscc':
      return USCC;
    case 'address':
      return fit('苏州市姑苏区人民路100号3幢402室');
    default:
      if (f.keyboard === 'digits') return fit('6222020200112233');
      if (f.keyboard === 'latin') return fit('SZ20250001');
      return fit('苏州测试');
  }
}
