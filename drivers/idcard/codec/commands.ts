import { encodeFrame } from './frame.js';

/**
 * Host → reader commands (idcard-sam-protocol.md §2). Each is CMD + Para with no data; the frame
 * is always 10 bytes with Len `00 03`.
 */
export const SamCommand = {
  /** 10 FF: reset SAM */
  reset: { cmd: 0x10, para: 0xff },
  /** 11 FF: SAM status check */
  samStatus: { cmd: 0x11, para: 0xff },
  /** 12 FF: read SAM id / management info */
  samId: { cmd: 0x12, para: 0xff },
  /** 20 01: find card (寻卡) */
  findCard: { cmd: 0x20, para: 0x01 },
  /** 20 02: select card (选卡) */
  selectCard: { cmd: 0x20, para: 0x02 },
  /** 30 01: read text + photo (读基本信息) */
  readTextPhoto: { cmd: 0x30, para: 0x01 },
  /** 30 10: read text + photo + fingerprint */
  readTextPhotoFingerprint: { cmd: 0x30, para: 0x10 },
  /** 30 03: read latest extra address (追加地址 / 最新住址) */
  readExtraAddress: { cmd: 0x30, para: 0x03 },
} as const;

export type SamCommandName = keyof typeof SamCommand;

export interface CommandCode {
  cmd: number;
  para: number;
}

/** The complete frame for a command, e.g. find → `AA AA AA 96 69 00 03 20 01 22`. */
export function encodeCommand(c: CommandCode, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = c.cmd;
  body[1] = c.para;
  body.set(data, 2);
  return encodeFrame(body);
}

/** Name of a command code, or null when it is not one we send. */
export function commandName(cmd: number, para: number): SamCommandName | null {
  for (const [name, c] of Object.entries(SamCommand)) {
    if (c.cmd === cmd && c.para === para) return name as SamCommandName;
  }
  return null;
}

/** Reader side (simulator): the command in a decoded command frame body. */
export function parseCommandBody(body: Uint8Array): { cmd: number; para: number; data: Uint8Array } | null {
  if (body.length < 2) return null;
  return { cmd: body[0]!, para: body[1]!, data: body.slice(2) };
}
