import type { IdCard } from '../../../contracts/devices.js';
import { decodeCardText, type CardTextExtras } from './card-text.js';
import { parseReadTextPhoto, parseResponse, type CardBlocks, type Parsed } from './responses.js';
import { hex } from './status.js';

/** A decoded card plus the fields the contract has no place for. */
export interface DecodedCard {
  card: IdCard;
  extras: CardTextExtras;
}

/** Text + WLT photo blocks → the contract's IdCard (photo kept as bytes, base64). */
export function cardFromBlocks(blocks: CardBlocks): Parsed<DecodedCard> {
  const text = decodeCardText(blocks.text);
  if (!text) return { ok: false, reason: 'unknown card type marker at text bytes 248–249' };
  const photo = { format: 'wlt' as const, base64: Buffer.from(blocks.photo).toString('base64') };
  const c = text.card;
  // Field order of docs/protocol.md §3, so printed JSON reads like the contract.
  const card: IdCard = {
    cardType: c.cardType, name: c.name, englishName: c.englishName, gender: c.gender, genderCode: c.genderCode,
    nation: c.nation, nationCode: c.nationCode, birthDate: c.birthDate, address: c.address, idNumber: c.idNumber,
    issuer: c.issuer, validFrom: c.validFrom, validTo: c.validTo, nationality: c.nationality,
    passNumber: c.passNumber, issueCount: c.issueCount, photo, warnings: c.warnings,
  };
  return { ok: true, value: { card, extras: text.extras } };
}

/** A whole 30 01 response frame body (SW + data) → card. Used by tests and tools. */
export function cardFromReadResponseBody(body: Uint8Array): Parsed<DecodedCard> {
  const r = parseResponse(body);
  if (!r.ok) return r;
  if (r.value.status.code !== 0x90) return { ok: false, reason: `status 0x${hex(r.value.status.code)}` };
  const blocks = parseReadTextPhoto(r.value.data);
  if (!blocks.ok) return blocks;
  return cardFromBlocks(blocks.value);
}
