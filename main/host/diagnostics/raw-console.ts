import { KioskError } from '../../../contracts/errors.js';
import { commandName, parseCommandBody } from '../../../drivers/idcard/codec/commands.js';
import { FrameDecoder } from '../../../drivers/idcard/codec/frame.js';
import { parseResponse } from '../../../drivers/idcard/codec/responses.js';
import { hex } from '../../../drivers/idcard/codec/status.js';
import { ReplyReader, decodeAsb, decodePaperSensor } from '../../../drivers/receipt-printer/escpos/status-codec.js';

/** Parse the console's hex input: pairs of hex digits, spaces, colons and dashes allowed. */
export function parseHex(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) {
    throw new KioskError('bad-request', 'raw console: give bytes as pairs of hex digits, e.g. "10 04 01"');
  }
  return Buffer.from(clean, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ').toUpperCase();
}

/**
 * The SAM reader's frames, decoded with the driver's own codec: what was sent (the command's name),
 * and for each reply frame SW1 SW2 SW3 with the status meaning and the data length. The data itself
 * is never decoded here: a read (30 01) answers with a citizen's name and number.
 */
export function describeSam(sent: Uint8Array, reply: Uint8Array): string[] {
  const out: string[] = [];
  for (const ev of new FrameDecoder().push(sent)) {
    if (ev.type === 'error') out.push(`sent: frame with ${ev.error.kind} (len ${ev.error.length})`);
    else {
      const c = parseCommandBody(ev.frame.body);
      out.push(c ? `sent: command ${hex(c.cmd)} ${hex(c.para)} ${commandName(c.cmd, c.para) ?? '(not one the driver sends)'}` : 'sent: frame too short for a command');
    }
  }
  const events = new FrameDecoder().push(reply);
  if (reply.length === 0) out.push('no reply within the timeout');
  else if (events.length === 0) out.push(`reply: ${reply.length} bytes, no complete frame (AA AA AA 96 69 …)`);
  for (const ev of events) {
    if (ev.type === 'error') {
      out.push(`reply: frame with ${ev.error.kind} (len ${ev.error.length})`);
      continue;
    }
    const r = parseResponse(ev.frame.body);
    if (!r.ok) out.push(`reply: ${r.reason}`);
    else out.push(`reply: SW1 ${hex(r.value.sw1)} SW2 ${hex(r.value.sw2)} SW3 ${hex(r.value.status.code)} ${r.value.status.name}: ${r.value.status.message}; ${r.value.data.length} data bytes`);
  }
  return out;
}

/** Bytes of a reply frame that say status and length only: preamble, Len, SW1 SW2 SW3. */
const SAM_STATUS_BYTES = 10;

/**
 * Whether a SAM reply to these bytes may carry a holder's data. Read commands (`30 xx`) answer with
 * the name, number and address in UCS-2 and the photo; a command the driver does not know, or bytes
 * that are not a complete frame, might too. Only replies to the known non-reading commands (reset,
 * SAM status and id, find, select) are shown in full.
 */
export function samReplyMayHoldCardData(sent: Uint8Array): boolean {
  const events = new FrameDecoder().push(sent);
  if (events.length === 0) return true;
  return events.some((ev) => {
    if (ev.type === 'error') return true;
    const c = parseCommandBody(ev.frame.body);
    return !c || c.cmd === 0x30 || commandName(c.cmd, c.para) === null;
  });
}

/**
 * The reply as the console shows it. To a read command: its status bytes and its length only, so
 * the console never hands out a card's personal data; the decoded lines add SW3's meaning.
 */
export function samReplyForConsole(sent: Uint8Array, reply: Uint8Array): string {
  if (reply.length === 0 || !samReplyMayHoldCardData(sent)) return toHex(reply);
  const head = toHex(reply.subarray(0, Math.min(SAM_STATUS_BYTES, reply.length)));
  return reply.length > SAM_STATUS_BYTES ? `${head} … (${reply.length} bytes; the rest withheld: card data)` : head;
}

/** `DLE EOT n` reply bits (Epson ESC/POS reference; peripherals.md §2.5), set bits named. */
const REALTIME_BITS: Record<number, [number, string][]> = {
  1: [[0x08, 'offline'], [0x20, 'waiting for online recovery'], [0x40, 'paper feed button pressed']],
  2: [[0x04, 'cover open'], [0x08, 'paper being fed by the feed button'], [0x20, 'printing stopped: paper end'], [0x40, 'error']],
  3: [[0x04, 'recoverable (mechanical) error'], [0x08, 'autocutter error'], [0x20, 'unrecoverable error'], [0x40, 'auto-recoverable error (head temperature)']],
  4: [[0x0c, 'paper near end'], [0x60, 'paper end']],
};

/**
 * ESC/POS replies, decoded with the driver's status codec. The real-time queries in the bytes sent
 * (`10 04 n`) are matched in order with the one-byte replies, as the printer answers them in order.
 */
export function describeEscPos(sent: Uint8Array, reply: Uint8Array): string[] {
  const queries: number[] = [];
  for (let i = 0; i + 2 < sent.length; i++) if (sent[i] === 0x10 && sent[i + 1] === 0x04) queries.push(sent[i + 2]!);
  const out: string[] = [];
  if (reply.length === 0) out.push('no reply within the timeout');
  for (const r of new ReplyReader().feed(reply)) {
    if (r.kind === 'realtime') {
      const n = queries.shift();
      const bits = n ? (REALTIME_BITS[n] ?? []).filter(([mask]) => (r.byte & mask) === mask).map(([, name]) => name) : [];
      out.push(`DLE EOT ${n ?? '?'} → ${hex(r.byte)}: ${n ? bits.join(', ') || 'clear' : 'real-time status byte'}`);
    } else if (r.kind === 'asb') {
      const st = decodeAsb(r.bytes);
      out.push(`automatic status back ${r.bytes.map(hex).join(' ')}: ${JSON.stringify(st)}`);
    } else if (r.kind === 'paper-sensor') {
      const p = decodePaperSensor(r.byte);
      out.push(`GS r 1 → ${hex(r.byte)}: paper ${p.paperEnd ? 'end' : p.paperNearEnd ? 'near end' : 'present'}`);
    } else if (r.kind === 'clear-response') {
      out.push('DLE DC4 8 → 37 25 00: buffers cleared');
    } else {
      out.push(`unknown reply byte ${hex(r.byte)}`);
    }
  }
  return out;
}
