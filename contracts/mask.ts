/**
 * Masking of personal data for screen and logs (docs/architecture.md §5: `张*三`, `3201**********1234`).
 * Pure string functions so both the host and the renderer use the same rule.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  // Latin names (foreign cards) keep first and last letter of the whole string.
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length < 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/** A social security card number (9 characters): the first two and last two stay. */
export function maskCardNumber(n: string): string {
  const s = n.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${s.slice(0, 2)}${'*'.repeat(s.length - 4)}${s.slice(-2)}`;
}

/** An address keeps its first six characters (the district), the rest is starred. */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return `${chars.slice(0, 6).join('')}${'*'.repeat(Math.min(chars.length - 6, 12))}`;
}

/** A bank or utility account number: only the last four stay. */
export function maskAccount(account: string): string {
  const s = account.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${'*'.repeat(Math.min(s.length - 4, 16))}${s.slice(-4)}`;
}

/** A masking rule of the data dictionary (services/dictionary/fields.yaml) applied to a value. */
export function maskByRule(rule: 'name' | 'id-number' | 'phone' | 'address' | 'account' | 'none', value: string): string {
  switch (rule) {
    case 'name':
      return maskName(value);
    case 'id-number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'address':
      return maskAddress(value);
    case 'account':
      return maskAccount(value);
    case 'none':
      return value;
  }
}
