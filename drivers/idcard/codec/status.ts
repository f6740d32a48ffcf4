/**
 * SW3 status codes of the SAM protocol (idcard-sam-protocol.md §1.3). SW1 SW2 are `00 00` for
 * normal statuses; for 31/41/47/81 they may carry the card's own APDU status.
 */
export const SamStatusCode = {
  ok: 0x90,
  noContent: 0x91,
  cardFound: 0x9f,
  badChecksum: 0x10,
  badLength: 0x11,
  badCommand: 0x21,
  unauthorisedOperation: 0x23,
  unrecognisedError: 0x24,
  cardAuthFailed: 0x31,
  samAuthFailed: 0x32,
  verifyFailed: 0x33,
  wrongCardType: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

export type SamStatusName = keyof typeof SamStatusCode;

/** Who is at fault, which decides what the device service does next. */
export type SamStatusKind =
  | 'ok' // 90, 9F
  | 'no-content' // 91: the card has no such item
  | 'no-card' // 80, 81: nothing (any more) in the field
  | 'card' // 31, 32, 33, 40, 41, 47: the card moved, failed auth or is not an ID card
  | 'host' // 10, 11, 21, 23: the reader rejected our frame
  | 'sam' // 60, 66: the module itself is unusable
  | 'unknown'; // 24 and anything not in the table

export interface SamStatus {
  /** SW3 */
  code: number;
  name: SamStatusName | 'unlisted';
  kind: SamStatusKind;
  /** English description (no personal data). */
  message: string;
}

const TABLE: Record<number, { name: SamStatusName; kind: SamStatusKind; message: string }> = {
  0x90: { name: 'ok', kind: 'ok', message: 'success' },
  0x91: { name: 'noContent', kind: 'no-content', message: 'the card has no content for this item' },
  0x9f: { name: 'cardFound', kind: 'ok', message: 'card found' },
  0x10: { name: 'badChecksum', kind: 'host', message: 'reader received a frame with a bad checksum' },
  0x11: { name: 'badLength', kind: 'host', message: 'reader received a frame with a bad length' },
  0x21: { name: 'badCommand', kind: 'host', message: 'reader received a bad command' },
  0x23: { name: 'unauthorisedOperation', kind: 'host', message: 'operation not permitted' },
  0x24: { name: 'unrecognisedError', kind: 'unknown', message: 'unrecognised reader error' },
  0x31: { name: 'cardAuthFailed', kind: 'card', message: 'the card failed to authenticate the reader' },
  0x32: { name: 'samAuthFailed', kind: 'card', message: 'the reader failed to authenticate the card' },
  0x33: { name: 'verifyFailed', kind: 'card', message: 'information verification error' },
  0x40: { name: 'wrongCardType', kind: 'card', message: 'wrong card type' },
  0x41: { name: 'readFailed', kind: 'card', message: 'card read failed (card moved or left the field)' },
  0x47: { name: 'randomFailed', kind: 'card', message: 'get-random-number failed' },
  0x60: { name: 'samSelfTestFailed', kind: 'sam', message: 'SAM self-test failed' },
  0x66: { name: 'samNotAuthorised', kind: 'sam', message: 'SAM not authorised' },
  0x80: { name: 'noCard', kind: 'no-card', message: 'no card found' },
  0x81: { name: 'selectFailed', kind: 'no-card', message: 'select card failed' },
};

/** Typed view of an SW3 byte; unknown codes are kept, never thrown on. */
export function samStatus(sw3: number): SamStatus {
  const e = TABLE[sw3];
  if (e) return { code: sw3, ...e };
  return { code: sw3, name: 'unlisted', kind: 'unknown', message: `unlisted status 0x${hex(sw3)}` };
}

export function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
