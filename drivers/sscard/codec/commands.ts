import { encodeCommand, fromHex } from './apdu.js';

/**
 * The commands the reader sends. Only SELECT, READ RECORD, GET RESPONSE and the external
 * authentication pair (GET CHALLENGE, EXTERNAL AUTHENTICATE: the card checks the PSAM, nothing on
 * the card changes) exist here: the kiosk never sends a PIN (VERIFY) or anything that writes to a
 * card, so there is no builder for one.
 */

/** `sx1.sh.社会保障` in GBK: the social security application's DF name. */
export const SSSE_DF_NAME = fromHex('7378312E73682EC9E7BBE1B1A3D5CF');
/** The payment system environment names: PPSE (contactless) and PSE (contact), per EMV/PBOC. */
export const PPSE_NAME = new TextEncoder().encode('2PAY.SYS.DDF01');
export const PSE_NAME = new TextEncoder().encode('1PAY.SYS.DDF01');
/** PBOC (UnionPay) debit, credit and quasi-credit applications, for a card that lists no directory. */
export const PBOC_AIDS = ['A000000333010101', 'A000000333010102', 'A000000333010103'].map(fromHex);

/** SELECT by DF name (P1=04), first or only occurrence, FCI requested. */
export function selectByName(name: Uint8Array): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: name });
}

/** SELECT an elementary file of the current DF by its file identifier (P1=02). */
export function selectEf(fid: number): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x00, data: Uint8Array.of(fid >> 8, fid & 0xff) });
}

/** SELECT the master file 3F00 (used to tell a blank card from one with an unknown application). */
export function selectMf(): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x00, data: Uint8Array.of(0x3f, 0x00) });
}

/**
 * READ RECORD `record` of the current EF (P2=04: P1 is a record number). Le=00 asks for the whole
 * record; a T=0 card that wants the exact length answers 6Cxx and the exchange asks again.
 */
export function readRecord(record: number, le = 256): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0xb2, p1: record, p2: 0x04, le });
}

/** GET CHALLENGE (ISO 7816-4 INS 84): the card's random number for EXTERNAL AUTHENTICATE, 8 bytes. */
export function getChallenge(length = 8): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: length });
}

/**
 * EXTERNAL AUTHENTICATE (ISO 7816-4 INS 82): the PSAM's cryptogram over the card's last challenge,
 * for the card's external authentication key `keyId` (P2). Success opens the files guarded by it
 * until the card is reset or another application is selected.
 */
export function externalAuthenticate(keyId: number, cryptogram: Uint8Array): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0x82, p1: 0x00, p2: keyId, data: cryptogram });
}

export function getResponse(le: number): Uint8Array {
  return encodeCommand({ cla: 0x00, ins: 0xc0, p1: 0x00, p2: 0x00, le: le === 0 ? 256 : le });
}

/** Instructions the reader must never send; the simulator and tests check every APDU against it. */
export const FORBIDDEN_INS = new Set([
  0x20, // VERIFY (PIN)
  0x24, // CHANGE REFERENCE DATA
  0x2c, // RESET RETRY COUNTER
  0x0e, // ERASE BINARY
  0xd0, // WRITE BINARY
  0xd6, // UPDATE BINARY
  0xdc, // UPDATE RECORD
  0xe2, // APPEND RECORD
  0xda, // PUT DATA
  0xe0, // CREATE FILE
  0xe4, // DELETE FILE
]);
