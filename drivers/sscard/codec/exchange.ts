import { KioskError } from '../../../contracts/errors.js';
import { decodeResponse, encodeCommand, hex, type ResponseApdu } from './apdu.js';
import { FORBIDDEN_INS, getResponse } from './commands.js';

/** One APDU out, one answer back (raw bytes including SW1SW2), with a timeout. */
export type Transmit = (command: Uint8Array, timeoutMs: number) => Promise<Uint8Array>;

export interface ExchangeOptions {
  timeoutMs: number;
  /** GET RESPONSE rounds after one command; a card that keeps answering 61xx is broken. */
  maxChained?: number;
  /** Bytes gathered across GET RESPONSE rounds; bounds memory against a hostile card. */
  maxBytes?: number;
  /**
   * false: a `61xx` answer is final (success, data left unfetched). For a SELECT whose FCI is not
   * needed this saves a round trip; the card drops the waiting data at the next command.
   */
  fetchData?: boolean;
}

/**
 * Send one command and resolve the T=0 transport conventions (ISO 7816-3/-4):
 * - `61xx`: xx more bytes wait; fetch them with GET RESPONSE (Le=xx, 00 = 256) until `9000`
 *   or another final status; the data of every round is concatenated.
 * - `6Cxx`: wrong Le; send the same command again with Le=xx (once; twice would loop).
 * T=1 readers answer the data directly and neither status occurs.
 */
export async function exchange(transmit: Transmit, command: Uint8Array, options: ExchangeOptions): Promise<ResponseApdu> {
  if (command.length < 4) throw new RangeError('command APDU shorter than its header');
  if (FORBIDDEN_INS.has(command[1]!)) throw new Error(`refusing to send INS ${command[1]!.toString(16)}: the kiosk never sends a PIN or writes to a card`);
  const maxChained = options.maxChained ?? 16;
  const maxBytes = options.maxBytes ?? 4096;
  let answer = decodeResponse(await transmit(command, options.timeoutMs));
  if ((answer.sw & 0xff00) === 0x6c00) {
    answer = decodeResponse(await transmit(withLe(command, answer.sw & 0xff), options.timeoutMs));
  }
  const parts: Uint8Array[] = [answer.data];
  let total = answer.data.length;
  let rounds = 0;
  while ((answer.sw & 0xff00) === 0x6100 && options.fetchData !== false) {
    if (++rounds > maxChained) throw new KioskError('protocol-error', `card kept answering 61xx after ${maxChained} GET RESPONSE rounds`, true);
    answer = decodeResponse(await transmit(getResponse(answer.sw & 0xff), options.timeoutMs));
    total += answer.data.length;
    if (total > maxBytes) throw new KioskError('protocol-error', `card answered more than ${maxBytes} bytes to one command`, true);
    parts.push(answer.data);
  }
  return { data: concat(parts), sw: answer.sw };
}

/** The same command with its Le replaced (or added): what a 6Cxx answer asks for. */
export function withLe(command: Uint8Array, le: number): Uint8Array {
  const [cla, ins, p1, p2] = command;
  const body = command.subarray(4);
  let data: Uint8Array | undefined;
  if (body.length > 1) {
    const lc = body[0]!;
    if (body.length < 1 + lc) throw new RangeError(`command APDU ${hex(command)}: Lc ${lc} longer than its data`);
    data = body.subarray(1, 1 + lc);
  }
  return encodeCommand({ cla: cla!, ins: ins!, p1: p1!, p2: p2!, data, le: le === 0 ? 256 : le });
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Uint8Array.from(Buffer.concat(parts));
}
