import iconv from 'iconv-lite';
import type { SsCardHolder } from '../../../contracts/sscard.js';
import { nationName } from '../../idcard/codec/nations.js';
import type { Tlv } from './tlv.js';

/**
 * Record tags of the social security application (社会保障(个人)卡规范). EF05 is the card
 * identification file, EF06 the holder's basic data. 3.0 cards continue a long name in a name
 * extension record.
 */
export const EF05 = 0xef05;
export const EF06 = 0xef06;
export const TAG = {
  cardIdentifier: 0x01, // 卡的识别码: issuing area (6 digits) + …
  cardCategory: 0x02,
  specVersion: 0x03,
  initOrg: 0x04,
  issueDate: 0x05,
  validUntil: 0x06,
  cardNumber: 0x07,
  ssn: 0x08,
  name: 0x09,
  gender: 0x0a,
  nation: 0x0b,
  birthPlace: 0x0c,
  birthDate: 0x0d,
  nameExtension: 0x4e,
} as const;

/** The tags each file must give for a complete read (the name extension is optional). */
export const WANTED: Record<number, number[]> = {
  [EF05]: [TAG.cardIdentifier, TAG.specVersion, TAG.issueDate, TAG.validUntil, TAG.cardNumber],
  [EF06]: [TAG.ssn, TAG.name, TAG.gender, TAG.nation, TAG.birthDate],
};

/** Tags read when the card has them (a 3.0 card's name extension), without looking past a gap. */
export const OPTIONAL: Record<number, number[]> = {
  [EF06]: [TAG.nameExtension],
};

/** Field names per tag, for `psamRequired`. */
export const FIELD_OF_TAG: Record<number, keyof SsCardHolder> = {
  [TAG.cardIdentifier]: 'issuingArea',
  [TAG.specVersion]: 'specVersion',
  [TAG.issueDate]: 'issueDate',
  [TAG.validUntil]: 'validUntil',
  [TAG.cardNumber]: 'cardNumber',
  [TAG.ssn]: 'ssn',
  [TAG.name]: 'name',
  [TAG.gender]: 'gender',
  [TAG.nation]: 'nation',
  [TAG.birthDate]: 'birthDate',
};

/** Text fields ('an' and GBK names): padding (00, FF, spaces) is cut from both ends. */
export function decodeText(value: Uint8Array): string {
  let s = 0;
  let e = value.length;
  while (s < e && isPad(value[s]!)) s++;
  while (e > s && isPad(value[e - 1]!)) e--;
  return iconv.decode(Buffer.from(value.subarray(s, e)), 'gbk').trim();
}

function isPad(b: number): boolean {
  return b === 0x00 || b === 0xff || b === 0x20;
}

/**
 * A date: 4 bytes of BCD (`cn`, 20190131) as the spec stores it, or 8 ASCII digits as some
 * issuers write it. Null when it is neither or not a calendar date.
 */
export function decodeDate(value: Uint8Array): string | null {
  let s: string;
  if (value.length === 4) s = Buffer.from(value).toString('hex');
  else if (value.length === 8) s = Buffer.from(value).toString('latin1');
  else return null;
  if (!/^\d{8}$/.test(s)) return null;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return s;
}

/** A numeric code: 'cn' BCD (one byte `01`) or ASCII digits. */
function decodeCode(value: Uint8Array): string | null {
  const ascii = Buffer.from(value).toString('latin1');
  if (/^\d+$/.test(ascii)) return ascii;
  const bcd = Buffer.from(value).toString('hex');
  return /^\d+$/.test(bcd) ? bcd : null;
}

export function decodeGender(value: Uint8Array): 'male' | 'female' | 'unknown' {
  const code = decodeCode(value);
  const n = code === null ? NaN : Number(code);
  return n === 1 ? 'male' : n === 2 ? 'female' : 'unknown';
}

/**
 * The holder's fields from the TLVs of EF05 and EF06, found by tag. Missing tags are null; a
 * card may withhold some until external authentication (listed in `psamRequired` by the reader).
 */
export function decodeHolder(ef05: Map<number, Tlv>, ef06: Map<number, Tlv>): SsCardHolder {
  const v = (m: Map<number, Tlv>, tag: number) => m.get(tag)?.value;
  const text = (m: Map<number, Tlv>, tag: number) => {
    const x = v(m, tag);
    if (x === undefined) return null;
    const t = decodeText(x);
    return t === '' ? null : t;
  };
  const date = (m: Map<number, Tlv>, tag: number) => {
    const x = v(m, tag);
    return x === undefined ? null : decodeDate(x);
  };
  const identifier = text(ef05, TAG.cardIdentifier);
  const area = identifier !== null && /^\d{6}/.test(identifier) ? identifier.slice(0, 6) : null;
  let name = text(ef06, TAG.name);
  const extension = text(ef06, TAG.nameExtension);
  if (name !== null && extension !== null) name += extension;
  const nationRaw = v(ef06, TAG.nation);
  const nationCode = nationRaw === undefined ? null : decodeCode(nationRaw);
  const nationPadded = nationCode === null ? null : nationCode.padStart(2, '0').slice(-2);
  const genderRaw = v(ef06, TAG.gender);
  return {
    cardNumber: text(ef05, TAG.cardNumber),
    ssn: text(ef06, TAG.ssn),
    name,
    gender: genderRaw === undefined ? null : decodeGender(genderRaw),
    nation: nationPadded === null ? null : (nationName(nationPadded) ?? nationPadded),
    birthDate: date(ef06, TAG.birthDate),
    issuingArea: area,
    issueDate: date(ef05, TAG.issueDate),
    validUntil: date(ef05, TAG.validUntil),
    specVersion: text(ef05, TAG.specVersion),
    psamRequired: [],
  };
}
