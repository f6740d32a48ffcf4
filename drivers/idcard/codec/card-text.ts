import type { CardType, IdCard } from '../../../contracts/devices.js';
import { isValidIdNumber } from '../../../contracts/id-number.js';
import { nationName } from './nations.js';
import { TEXT_BLOCK_BYTES, trimField } from './responses.js';

/**
 * The 256-byte UCS-2LE text block of every card type the SAM reader returns (reference §3, §4).
 * The card type is the character at bytes 248–249. Pure decode and encode (the encoder is the
 * simulator's; round trips are tested).
 */

/** The card fields of the contract's IdCard, without the photo. */
export type IdCardText = Omit<IdCard, 'photo'>;

/** Typed warnings the decoder may attach to a card (never thrown). */
export type CardWarning =
  | 'id-check-digit' // GB 11643 MOD 11-2 check digit does not match
  | 'gender-code' // gender code not in GB/T 2261.1
  | 'nation-code' // nation code not in the table
  | 'date-format'; // a date field is not YYYYMMDD

/** Fields in the reference that the contract's IdCard has no place for. */
export interface CardTextExtras {
  /** 'I': card version number (bytes 236–239). */
  cardVersion?: string | null;
  /** 'I': accepting authority code (bytes 240–247). */
  authorityCode?: string | null;
  /** 'Y': renewal count 换证次数 (bytes 32–35, single source). */
  renewalCount?: string | null;
  /** 'Y': link to the previous 15-character number (bytes 250–255, single source). */
  previousNumberLink?: string | null;
}

export interface DecodedCardText {
  card: IdCardText;
  extras: CardTextExtras;
}

const MARKER_OFFSET = 248;
const MARKERS: Record<string, CardType> = { ' ': 'resident', J: 'hmt-residence', I: 'foreign-permanent-2017', Y: 'foreign-permanent-2023' };

/** Byte spans [offset, size] of each layout. */
const RESIDENT = {
  name: [0, 30], gender: [30, 2], nation: [32, 4], birth: [36, 16], address: [52, 70], id: [122, 36],
  issuer: [158, 30], from: [188, 16], to: [204, 16],
} as const;
const HMT = { passNumber: [220, 18], issueCount: [238, 4] } as const;
const FOREIGN_2017 = {
  englishName: [0, 120], gender: [120, 2], id: [122, 30], nationality: [152, 6], name: [158, 30], from: [188, 16],
  to: [204, 16], birth: [220, 16], version: [236, 4], authority: [240, 8],
} as const;
const FOREIGN_2023 = {
  name: [0, 30], gender: [30, 2], renewal: [32, 4], birth: [36, 16], englishName1: [52, 70], id: [122, 36],
  issuer: [158, 30], from: [188, 16], to: [204, 16], englishName2: [220, 22], nationality: [242, 6], previous: [250, 6],
} as const;

const utf16 = new TextDecoder('utf-16le');

function raw(text: Uint8Array, [off, size]: readonly [number, number]): string {
  return utf16.decode(text.subarray(off, off + size));
}
function field(text: Uint8Array, span: readonly [number, number]): string {
  return trimField(raw(text, span));
}
function orNull(s: string): string | null {
  return s === '' ? null : s;
}

const GENDERS: Record<string, IdCard['gender']> = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unstated' };

/** The card type by its marker, or null when the marker is not one we know. */
export function cardTypeOf(text: Uint8Array): CardType | null {
  if (text.length !== TEXT_BLOCK_BYTES) return null;
  return MARKERS[raw(text, [MARKER_OFFSET, 2])] ?? null;
}

/** Reads a block's fields, noting what does not check out as warnings on the card. */
interface FieldReader {
  readonly warnings: Set<CardWarning>;
  date(span: readonly [number, number], allowLongTerm?: boolean): string;
  gender(span: readonly [number, number]): { gender: IdCard['gender']; genderCode: string };
  checkId(id: string): string;
}

function fieldReader(text: Uint8Array): FieldReader {
  const warnings = new Set<CardWarning>();
  return {
    warnings,
    date: (span, allowLongTerm = false) => {
      const s = field(text, span);
      if (allowLongTerm && s === '长期') return 'long-term';
      const iso = isoDate(s);
      if (iso === null) warnings.add('date-format');
      return iso ?? s;
    },
    gender: (span) => {
      const code = field(text, span);
      const g = GENDERS[code];
      if (!g) warnings.add('gender-code');
      return { gender: g ?? 'unknown', genderCode: code };
    },
    checkId: (id) => {
      if (!isValidIdNumber(id)) warnings.add('id-check-digit');
      return id;
    },
  };
}

type CardFields = Omit<IdCardText, 'warnings'>;
const BASE = { englishName: null, nation: null, nationCode: null, address: null, issuer: null, nationality: null, passNumber: null, issueCount: null };

/** The resident card and the Hong Kong/Macao/Taiwan residence permit share one layout. */
function decodeResident(text: Uint8Array, type: 'resident' | 'hmt-residence', r: FieldReader): CardFields {
  const L = RESIDENT;
  let nation: string | null = null;
  let nationCode: string | null = null;
  if (type === 'resident') {
    nationCode = field(text, L.nation);
    nation = nationName(nationCode);
    if (nation === null) r.warnings.add('nation-code');
  }
  return {
    ...BASE,
    cardType: type,
    name: field(text, L.name),
    ...r.gender(L.gender),
    nation,
    nationCode,
    birthDate: r.date(L.birth),
    address: orNull(field(text, L.address)),
    idNumber: r.checkId(field(text, L.id)),
    issuer: orNull(field(text, L.issuer)),
    validFrom: r.date(L.from),
    validTo: r.date(L.to, true),
    passNumber: type === 'hmt-residence' ? orNull(field(text, HMT.passNumber)) : null,
    issueCount: type === 'hmt-residence' ? orNull(field(text, HMT.issueCount)) : null,
  };
}

/** The foreigner's permanent residence card of 2017. */
function decodeForeign2017(text: Uint8Array, r: FieldReader, extras: CardTextExtras): CardFields {
  const L = FOREIGN_2017;
  extras.cardVersion = orNull(field(text, L.version));
  extras.authorityCode = orNull(field(text, L.authority));
  // Gender is at 120 on this layout, not 30 (reference §4.2 pitfall).
  return {
    ...BASE,
    cardType: 'foreign-permanent-2017',
    name: field(text, L.name),
    englishName: orNull(field(text, L.englishName)),
    ...r.gender(L.gender),
    birthDate: r.date(L.birth),
    // 15 characters (3 letters + 12 digits); the 2017 number has no MOD 11-2 check digit.
    idNumber: field(text, L.id),
    validFrom: r.date(L.from),
    validTo: r.date(L.to, true),
    nationality: orNull(field(text, L.nationality)),
  };
}

/** The foreigner's permanent residence card of 2023. */
function decodeForeign2023(text: Uint8Array, r: FieldReader, extras: CardTextExtras): CardFields {
  const L = FOREIGN_2023;
  extras.renewalCount = orNull(field(text, L.renewal));
  extras.previousNumberLink = orNull(field(text, L.previous));
  // English name: characters 1–35 at 52, 36–46 at 220; join before trimming so a space at the
  // seam survives.
  const english = trimField(raw(text, L.englishName1) + raw(text, L.englishName2));
  return {
    ...BASE,
    cardType: 'foreign-permanent-2023',
    name: field(text, L.name),
    englishName: orNull(english),
    ...r.gender(L.gender),
    birthDate: r.date(L.birth),
    // 18 digits starting with 9, MOD 11-2 check digit (eastcoms 2023 rules).
    idNumber: r.checkId(field(text, L.id)),
    issuer: orNull(field(text, L.issuer)),
    validFrom: r.date(L.from),
    validTo: r.date(L.to, true),
    nationality: orNull(field(text, L.nationality)),
  };
}

/**
 * Decode a text block. Returns null only when the block is not 256 bytes or the marker is unknown;
 * bad field contents become warnings on the card.
 */
export function decodeCardText(text: Uint8Array): DecodedCardText | null {
  const type = cardTypeOf(text);
  if (!type) return null;
  const r = fieldReader(text);
  const extras: CardTextExtras = {};
  const card =
    type === 'resident' || type === 'hmt-residence'
      ? decodeResident(text, type, r)
      : type === 'foreign-permanent-2017'
        ? decodeForeign2017(text, r, extras)
        : decodeForeign2023(text, r, extras);
  return { card: { ...card, warnings: [...r.warnings] }, extras };
}

/** `YYYYMMDD` → `YYYY-MM-DD`, or null when it is not a calendar date. */
export function isoDate(s: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [, y, mo, d] = m;
  const dt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (dt.getUTCFullYear() !== Number(y) || dt.getUTCMonth() !== Number(mo) - 1 || dt.getUTCDate() !== Number(d)) return null;
  return `${y}-${mo}-${d}`;
}

/** Card fields the encoder needs (the contract's card without photo/warnings, plus extras). */
export type EncodableCard = Omit<IdCardText, 'warnings'> & { extras?: CardTextExtras };

/**
 * Encode a card into its 256-byte text block (simulator side). Throws when a field does not fit:
 * silently truncating would make the simulator lie.
 */
export function encodeCardText(card: EncodableCard): Uint8Array {
  const out = new Uint8Array(TEXT_BLOCK_BYTES);
  // Everything starts as UCS-2 spaces (20 00), the card's padding.
  for (let i = 0; i < out.length; i += 2) out[i] = 0x20;
  const put = ([off, size]: readonly [number, number], value: string | null | undefined, what: string) => {
    const s = value ?? '';
    if (s.length * 2 > size) throw new RangeError(`${what} does not fit in ${size / 2} characters`);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[off + 2 * i] = c & 0xff;
      out[off + 2 * i + 1] = c >> 8;
    }
  };
  const ymd = (iso: string) => (iso === 'long-term' ? '长期' : iso.replace(/-/g, ''));
  const marker = Object.entries(MARKERS).find(([, t]) => t === card.cardType)![0];
  put([MARKER_OFFSET, 2], marker, 'marker');
  const x = card.extras ?? {};
  if (card.cardType === 'resident' || card.cardType === 'hmt-residence') {
    const L = RESIDENT;
    put(L.name, card.name, 'name');
    put(L.gender, card.genderCode, 'gender');
    if (card.cardType === 'resident') put(L.nation, card.nationCode, 'nation');
    put(L.birth, ymd(card.birthDate), 'birth date');
    put(L.address, card.address, 'address');
    put(L.id, card.idNumber, 'id number');
    put(L.issuer, card.issuer, 'issuer');
    put(L.from, ymd(card.validFrom), 'valid from');
    put(L.to, ymd(card.validTo), 'valid to');
    if (card.cardType === 'hmt-residence') {
      put(HMT.passNumber, card.passNumber, 'pass number');
      put(HMT.issueCount, card.issueCount, 'issue count');
    }
  } else if (card.cardType === 'foreign-permanent-2017') {
    const L = FOREIGN_2017;
    put(L.englishName, card.englishName, 'english name');
    put(L.gender, card.genderCode, 'gender');
    put(L.id, card.idNumber, 'id number');
    put(L.nationality, card.nationality, 'nationality');
    put(L.name, card.name, 'name');
    put(L.from, ymd(card.validFrom), 'valid from');
    put(L.to, ymd(card.validTo), 'valid to');
    put(L.birth, ymd(card.birthDate), 'birth date');
    put(L.version, x.cardVersion, 'card version');
    put(L.authority, x.authorityCode, 'authority code');
  } else {
    const L = FOREIGN_2023;
    const english = card.englishName ?? '';
    if (english.length > 46) throw new RangeError('english name does not fit in 46 characters');
    put(L.name, card.name, 'name');
    put(L.gender, card.genderCode, 'gender');
    put(L.renewal, x.renewalCount, 'renewal count');
    put(L.birth, ymd(card.birthDate), 'birth date');
    put(L.englishName1, english.slice(0, 35), 'english name');
    put(L.englishName2, english.slice(35), 'english name');
    put(L.id, card.idNumber, 'id number');
    put(L.issuer, card.issuer, 'issuer');
    put(L.from, ymd(card.validFrom), 'valid from');
    put(L.to, ymd(card.validTo), 'valid to');
    put(L.nationality, card.nationality, 'nationality');
    put(L.previous, x.previousNumberLink, 'previous number link');
  }
  return out;
}
