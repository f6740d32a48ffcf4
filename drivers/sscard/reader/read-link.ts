import type { SsCardRead } from '../../../contracts/sscard.js';
import { hex } from '../codec/apdu.js';
import type { CardLink } from '../transport/pcsc.js';
import type { PsamSlot } from '../psam/psam-slot.js';
import { readSocialSecurityCard } from './read-card.js';

/** What a read of whatever card is in the reader gives: the contract's record, unmasked. */
export async function readLink(link: Pick<CardLink, 'reader' | 'atr' | 'transmit'>, apduTimeoutMs: number, psam: PsamSlot | null = null): Promise<SsCardRead> {
  const r = await readSocialSecurityCard((c, ms) => link.transmit(c, ms), apduTimeoutMs, psam);
  const empty = {
    cardNumber: null, ssn: null, name: null, gender: null, nation: null, birthDate: null,
    issuingArea: null, issueDate: null, validUntil: null, specVersion: null, psamRequired: [],
  };
  return { reader: link.reader, atr: hex(link.atr), cardType: r.cardType, ...(r.holder ?? empty) };
}

/** The same record with the ssn, card number and name masked as on screen, the birth date cut to its year. */
export function maskRead(r: SsCardRead, mask: { name(s: string): string; id(s: string): string; card(s: string): string }): SsCardRead {
  return {
    ...r,
    ssn: r.ssn === null ? null : mask.id(r.ssn),
    cardNumber: r.cardNumber === null ? null : mask.card(r.cardNumber),
    name: r.name === null ? null : mask.name(r.name),
    birthDate: r.birthDate === null ? null : `${r.birthDate.slice(0, 4)}****`,
  };
}
