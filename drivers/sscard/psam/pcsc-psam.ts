import { KioskError } from '../../../contracts/errors.js';
import { SW, encodeCommand, fromHex, swHex } from '../codec/apdu.js';
import { selectByName } from '../codec/commands.js';
import { exchange } from '../codec/exchange.js';
import type { SmartCardStack } from '../transport/stack.js';
import type { PsamRequest, PsamSlot } from './psam-slot.js';

export interface PcscPsamOptions {
  /** The PC/SC name of the PSAM slot (on multi-slot readers: the same device, another reader name). */
  reader: string;
  /** The PSAM application to select first (hex AID), when the PSAM has several. */
  aid?: string;
  /** DES INIT's P1 (key usage) and P2 (key index) for the card's external authentication key, from the issuer's PSAM key table. */
  keyUsage: number;
  keyIndex: number;
}

/**
 * A PSAM in a PC/SC slot, driven with the PSAM's two-step key computation: DES INIT (80 1A, P1 key
 * usage, P2 key index, data = the diversifier: the card's identification code) derives the card's
 * key inside the PSAM, then DES CRYPT (80 FA, data = the card's challenge) returns the cryptogram.
 * Key usage and index are issuer settings, hence configuration. Each computation connects, sends
 * and disconnects, so a PSAM taken out and put back is simply used again.
 */
export class PcscPsam implements PsamSlot {
  readonly label: string;
  constructor(
    private readonly openStack: () => SmartCardStack,
    private readonly opts: PcscPsamOptions,
  ) {
    this.label = `PSAM in ${opts.reader}`;
  }

  async externalAuthenticate(r: PsamRequest, timeoutMs: number): Promise<Uint8Array> {
    const stack = this.openStack();
    try {
      const link = await stack.connect(this.opts.reader, timeoutMs);
      try {
        const send = async (what: string, cmd: Uint8Array) => {
          const a = await exchange((c, ms) => link.transmit(c, ms), cmd, { timeoutMs });
          if (a.sw !== SW.OK) throw new KioskError('device-error', `PSAM ${what}: status ${swHex(a.sw)}`, false);
          return a.data;
        };
        if (this.opts.aid) await send('SELECT', selectByName(fromHex(this.opts.aid)));
        await send('DES INIT', encodeCommand({ cla: 0x80, ins: 0x1a, p1: this.opts.keyUsage, p2: this.opts.keyIndex, data: r.diversifier.length ? r.diversifier : undefined }));
        const out = await send('DES CRYPT', encodeCommand({ cla: 0x80, ins: 0xfa, p1: 0x00, p2: 0x00, data: r.challenge }));
        if (out.length !== 8) throw new KioskError('device-error', `PSAM DES CRYPT gave ${out.length} bytes, not an 8-byte cryptogram`, false);
        return out;
      } finally {
        link.close();
      }
    } finally {
      stack.close();
    }
  }
}
