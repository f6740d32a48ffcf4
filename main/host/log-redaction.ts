import { maskIdNumber, maskName, maskPhone } from '../../contracts/mask.js';

/**
 * The redaction layer every log record goes through before it reaches a file or stderr: personal
 * data never leaves the process in a log (house rule; PIPL). Patterns catch what slipped into free
 * text; field names catch what a caller passed as structured data.
 */

// Resident ID numbers (GB 11643: 17 digits + check digit 0-9/X) and the old 15-digit ones; the 2023
// foreign permanent-residence number has the same 18-character shape.
const ID_18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
// 2017 foreign permanent-residence number: three letters, twelve digits.
const FOREIGN_2017 = /(?<![0-9A-Za-z])[A-Z]{3}\d{12}(?![0-9A-Za-z])/g;
// Mainland mobile numbers (optionally +86) and landlines written with an area code and dash.
const MOBILE = /(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])/g;
const LANDLINE = /(?<![0-9])0\d{2,3}-\d{7,8}(?![0-9])/g;

/** Field names whose values are personal data, whatever they hold. */
const NAME_FIELDS = new Set([
  'name',
  'fullname',
  'applicantname',
  'englishname',
  'maskedname',
  'representative',
  'agentname',
  'personname',
  // The data dictionary's names (services/dictionary/fields.yaml, mask: name); a test keeps the two in step.
  'childname',
  'fathername',
  'mothername',
  'spousename',
  'deceasedname',
  'legalrepresentative',
]);
const SECRET_FIELDS = new Set([
  'idnumber',
  'id_number',
  'passnumber',
  'address',
  'birthdate',
  'phone',
  'mobile',
  'telephone',
  'photo',
  // Faces and signatures: camera frames, descriptors, the signature image.
  'jpegbase64',
  'pngbase64',
  'embedding',
  'descriptor',
  'landmarks',
  'signature',
  'frame',
  'identity',
  'card',
  'payload',
  'data',
  'token',
  'authorization',
  // The data dictionary's other personal fields (mask: id-number, phone, address, account).
  'applicantidnumber',
  'fatheridnumber',
  'motheridnumber',
  'spouseidnumber',
  'deceasedidnumber',
  'businessaddress',
  'propertyaddress',
  'propertycertificatenumber',
  'bankaccount',
  'utilityaccountwater',
  'utilityaccountpower',
  'utilityaccountgas',
]);

/** Mask ID numbers and phone numbers anywhere in a string. */
export function redactText(text: string): string {
  return text
    .replace(ID_18, (m) => maskIdNumber(m))
    .replace(FOREIGN_2017, (m) => maskIdNumber(m))
    .replace(ID_15, (m) => maskIdNumber(m))
    .replace(MOBILE, (m) => maskPhone(m))
    .replace(LANDLINE, (m) => maskPhone(m));
}

/**
 * Redact a structured value: personal fields by name (names masked as `张*三`, other personal
 * fields replaced), and every string by {@link redactText}. Cycles and depth are bounded.
 */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) return { error: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = k.toLowerCase();
    if (NAME_FIELDS.has(key)) out[k] = typeof v === 'string' ? maskName(v) : '[redacted]';
    else if (SECRET_FIELDS.has(key)) out[k] = v === null || v === undefined ? v : '[redacted]';
    else out[k] = redactValue(v, depth + 1, seen);
  }
  return out;
}
