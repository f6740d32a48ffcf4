import type { IdCard } from '../../../contracts/devices.js';
import { KioskError } from '../../../contracts/errors.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { SsCardRead } from '../../../contracts/sscard.js';

/**
 * The social security card as an identity: the holder's social security number is the citizen's
 * ID number, so the session keeps it in the same shape as an ID card's (masked the same way on
 * screen and in logs, sealed the same way in submissions). What cannot identify is refused with a
 * plain message the identify step shows while it waits for another card.
 */
export function identityFromSsCard(read: SsCardRead, service: ServiceDefinition | undefined, today = new Date()): IdCard {
  if (read.cardType === 'bank') throw refuse('bank', 'this is a bank card, not a social security card');
  if (read.cardType === 'blank') throw refuse('blank', 'this card is blank');
  if (read.cardType === 'unknown') throw refuse('unknown', 'this is not a social security card');
  if (read.ssn === null || read.name === null) {
    throw new KioskError('psam-required', '[psam] the holder data on this card needs external authentication with a PSAM, and none is configured', false);
  }
  if (read.validUntil !== null && read.validUntil < ymd(today)) throw refuse('expired', `this social security card expired on ${read.validUntil}`);
  // The face check compares with the ID card's photo; the social security card's cannot be read.
  if (service?.steps.some((s) => s.type === 'verify-face' && s.policy === 'required')) {
    throw refuse('face-needs-idcard', 'this service needs a face check against the ID card photo: the ID card is needed');
  }
  const birth = read.birthDate;
  return {
    cardType: 'social-security',
    name: read.name,
    englishName: null,
    gender: read.gender ?? 'unknown',
    genderCode: read.gender === 'male' ? '1' : read.gender === 'female' ? '2' : '0',
    nation: read.nation,
    nationCode: null,
    birthDate: birth ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}` : '',
    address: null,
    idNumber: read.ssn,
    issuer: read.issuingArea,
    validFrom: read.issueDate ?? '',
    validTo: read.validUntil ?? '',
    nationality: null,
    passNumber: null,
    issueCount: null,
    photo: null,
    warnings: [],
  };
}

/** The reason leads the message in brackets, so the screen can say it in the citizen's language. */
export type SsCardRefusal = 'bank' | 'blank' | 'unknown' | 'expired' | 'face-needs-idcard' | 'psam';

function refuse(reason: SsCardRefusal, message: string): KioskError {
  return new KioskError('card-unsupported', `[${reason}] ${message}`, true);
}

function ymd(d: Date): string {
  // The hall's date is close enough for validity (a day's slack either way is harmless here).
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}
