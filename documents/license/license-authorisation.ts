import { createHash } from 'node:crypto';
import type { AuthorisedPerson, LicenseRecord } from './license-data.js';

/** SHA-256 (hex) of an ID number, trimmed and upper-cased (the `X` check digit may be typed either way). */
export function idNumberSha256(idNumber: string): string {
  return createHash('sha256').update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}

/**
 * The authorised person whose ID number matches the card that was read, or null: only the legal
 * representative, operator, executive partner, person in charge or an authorised agent may print.
 */
export function findAuthorisedPerson(record: Pick<LicenseRecord, 'authorisedPersons'>, idNumber: string): AuthorisedPerson | null {
  const h = idNumberSha256(idNumber);
  return record.authorisedPersons.find((p) => p.idNumberSha256 === h) ?? null;
}
