import { v7 as uuidv7, validate as uuidValidate, version as uuidVersion } from 'uuid';

/**
 * A submission id: a UUIDv7 (RFC 9562), generated once when the submission is first stored and
 * used as the `Idempotency-Key` on every attempt, forever. v7 is time-ordered, so ids sort in
 * roughly the order the citizens submitted them and index inserts stay append-only.
 */
export function newSubmissionId(): string {
  return uuidv7();
}

/** True for a well-formed UUIDv7 in canonical lower-case form. */
export function isSubmissionId(s: string): boolean {
  return uuidValidate(s) && uuidVersion(s) === 7 && s === s.toLowerCase();
}
