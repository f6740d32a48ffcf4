import iconv from 'iconv-lite';
import { findDemoCard } from '../../sim/demo-cards.js';
import { fromHex } from '../codec/apdu.js';
import { TAG } from '../codec/fields.js';
import { encodeSimpleTlv } from '../codec/tlv.js';

/**
 * Synthetic social security cards for the simulators: several holders (two of them the holders
 * of demo ID cards, so a service can be tried with either card), a 2.0 and a 3.0 record layout,
 * a long name in the 3.0 name-extension record, an expired card, a card with a locked PIN, one
 * that withholds EF06 until external authentication (PSAM), a blank card, a bank card and a card
 * of some other application. None is a real person or a real card.
 */
export interface DemoHolder {
  cardNumber: string;
  /** 社会保障号码 (the citizen's ID number). */
  ssn: string;
  name: string;
  gender: 'male' | 'female';
  nationCode: string;
  birthDate: string; // YYYYMMDD
  issuingArea: string;
  issueDate: string;
  validUntil: string;
}

export interface DemoSsCard {
  key: string;
  label: string;
  kind: 'sscard' | 'bank' | 'blank' | 'unknown';
  atr: Uint8Array;
  /** 2.0: EF06 records numbered by their tag (08…); 3.0: numbered from 01. */
  layout?: '2.0' | '3.0';
  holder?: DemoHolder;
  /** The card refuses READ RECORD of EF06 with 6982 until external authentication. */
  ef06NeedsPsam?: boolean;
  /** The PIN try counter is 0: VERIFY would answer 6983 (the kiosk never sends it). */
  pinLocked?: boolean;
  /**
   * A strict T=0 card answers a READ RECORD whose Le is not the record's length with 6Cxx; a
   * lenient one sends the record. Both exist in the field.
   */
  strictLe?: boolean;
  /** EF05/EF06 are addressed only by short file identifier (SELECT by FID answers 6A82). */
  sfiOnly?: boolean;
}

const SSCARD_ATR = fromHex('3B6C0000' + Buffer.from('SSCARD DEMO1').toString('hex'));
const SSCARD3_ATR = fromHex('3B6C0000' + Buffer.from('SSCARD DEMO3').toString('hex'));

function fromIdCard(key: string, extra: Pick<DemoHolder, 'cardNumber' | 'issuingArea' | 'issueDate' | 'validUntil'>): DemoHolder {
  const c = findDemoCard(key)!.card;
  return {
    ...extra,
    ssn: c.idNumber,
    name: c.name,
    gender: c.gender === 'female' ? 'female' : 'male',
    nationCode: c.nationCode ?? '01',
    birthDate: c.birthDate.replaceAll('-', ''),
  };
}

export const DEMO_SSCARDS: readonly DemoSsCard[] = [
  {
    key: 'ss-ouyang',
    label: '欧阳晓明 (社保卡 2.0)',
    kind: 'sscard',
    atr: SSCARD_ATR,
    layout: '2.0',
    strictLe: true,
    holder: fromIdCard('ouyang', { cardNumber: 'A01234567', issuingArea: '320500', issueDate: '20180315', validUntil: '20280315' }),
  },
  {
    key: 'ss-wang',
    label: '王芳 (社保卡 3.0)',
    kind: 'sscard',
    atr: SSCARD3_ATR,
    layout: '3.0',
    holder: fromIdCard('wang', { cardNumber: 'E12345678', issuingArea: '320508', issueDate: '20230601', validUntil: '20330601' }),
  },
  {
    key: 'ss-abdu',
    label: '阿卜杜克热木·艾合买提江·买买提明 (社保卡 3.0, 长姓名)',
    kind: 'sscard',
    atr: SSCARD3_ATR,
    layout: '3.0',
    sfiOnly: true,
    holder: {
      cardNumber: 'E65010203',
      ssn: '650102197811030037',
      name: '阿卜杜克热木·艾合买提江·买买提明',
      gender: 'male',
      nationCode: '05',
      birthDate: '19781103',
      issuingArea: '650100',
      issueDate: '20240110',
      validUntil: '20340110',
    },
  },
  {
    key: 'ss-expired',
    label: '林小 (社保卡, 已过有效期)',
    kind: 'sscard',
    atr: SSCARD_ATR,
    layout: '2.0',
    holder: fromIdCard('lin', { cardNumber: 'Y53280001', issuingArea: '532801', issueDate: '20100801', validUntil: '20200801' }),
  },
  {
    key: 'ss-pin-locked',
    label: '周建国 (社保卡, 密码已锁)',
    kind: 'sscard',
    atr: SSCARD_ATR,
    layout: '2.0',
    pinLocked: true,
    holder: {
      cardNumber: 'A32058301',
      ssn: '320583198507064011',
      name: '周建国',
      gender: 'male',
      nationCode: '01',
      birthDate: '19850706',
      issuingArea: '320583',
      issueDate: '20190520',
      validUntil: '20290520',
    },
  },
  {
    key: 'ss-psam',
    label: '王芳 (社保卡, 须 PSAM 认证)',
    kind: 'sscard',
    atr: SSCARD3_ATR,
    layout: '3.0',
    ef06NeedsPsam: true,
    holder: fromIdCard('wang', { cardNumber: 'E12345679', issuingArea: '320508', issueDate: '20230601', validUntil: '20330601' }),
  },
  { key: 'bank', label: '银行卡 (PBOC 借记卡)', kind: 'bank', atr: fromHex('3B68000042414E4B44454D4F') },
  { key: 'blank', label: '空白卡', kind: 'blank', atr: fromHex('3B021450') },
  { key: 'other', label: '其他 IC 卡 (非社保应用)', kind: 'unknown', atr: fromHex('3B6700004F5448455243') },
];

export function findDemoSsCard(key: string): DemoSsCard | undefined {
  return DEMO_SSCARDS.find((c) => c.key === key);
}

/** The card's records as stored: record number → TLV bytes. */
export interface CardFiles {
  ef05: Map<number, Uint8Array>;
  ef06: Map<number, Uint8Array>;
}

const NAME_BYTES = 30;

function padded(bytes: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  out.set(bytes.subarray(0, len));
  return out;
}

const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const bcd = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** Lay the holder's data out in EF05/EF06 records as the given spec version numbers them. */
export function buildFiles(card: DemoSsCard): CardFiles {
  const h = card.holder;
  if (!h) return { ef05: new Map(), ef06: new Map() };
  const version = card.layout === '3.0' ? '3.00' : '2.00';
  const ef05 = new Map<number, Uint8Array>([
    [1, encodeSimpleTlv(TAG.cardIdentifier, ascii((h.issuingArea + 'D15600000500').slice(0, 16)))],
    [2, encodeSimpleTlv(TAG.cardCategory, ascii('3'))],
    [3, encodeSimpleTlv(TAG.specVersion, ascii(version))],
    [4, encodeSimpleTlv(TAG.initOrg, bcd('320500000000000000000000'))],
    [5, encodeSimpleTlv(TAG.issueDate, bcd(h.issueDate))],
    [6, encodeSimpleTlv(TAG.validUntil, bcd(h.validUntil))],
    [7, encodeSimpleTlv(TAG.cardNumber, ascii(h.cardNumber))],
  ]);
  const gbk = Uint8Array.from(iconv.encode(h.name, 'gbk'));
  const holderTlvs: Uint8Array[] = [
    encodeSimpleTlv(TAG.ssn, ascii(h.ssn)),
    encodeSimpleTlv(TAG.name, padded(gbk, NAME_BYTES)),
    encodeSimpleTlv(TAG.gender, ascii(h.gender === 'male' ? '1' : '2')),
    encodeSimpleTlv(TAG.nation, bcd(h.nationCode)),
    encodeSimpleTlv(TAG.birthPlace, bcd('000000')),
    encodeSimpleTlv(TAG.birthDate, bcd(h.birthDate)),
  ];
  if (card.layout === '3.0') holderTlvs.push(encodeSimpleTlv(TAG.nameExtension, padded(gbk.subarray(NAME_BYTES), 20)));
  const ef06 = new Map<number, Uint8Array>();
  // 2.0 cards number EF06's records by their tag (08 … 0D); 3.0 cards from 01.
  holderTlvs.forEach((t, i) => ef06.set(card.layout === '3.0' ? i + 1 : t[0]!, t));
  return { ef05, ef06 };
}
