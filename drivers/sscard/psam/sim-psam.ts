import { createHmac } from 'node:crypto';
import type { PsamRequest, PsamSlot } from './psam-slot.js';

/**
 * SIMULATION ONLY. A real PSAM computes the cryptogram with the issuer's diversified DES/SM4 key;
 * the demo cards and this simulated PSAM share a made-up key instead and compute a deterministic
 * keyed MAC (HMAC-SHA256 truncated to 8 bytes) over key id, diversifier and challenge. It proves
 * the flow and the APDUs, not the cryptography of any real card.
 */
export const SIM_PSAM_KEY = Buffer.from('kiosk demo PSAM key (simulation only)');

export function simCryptogram(key: Uint8Array, r: PsamRequest): Uint8Array {
  const mac = createHmac('sha256', key).update(Uint8Array.of(r.keyId)).update(r.diversifier).update(r.challenge).digest();
  return Uint8Array.from(mac.subarray(0, 8));
}

export class SimulatedPsam implements PsamSlot {
  readonly label = 'simulated PSAM';
  constructor(private readonly key: Uint8Array = SIM_PSAM_KEY) {}
  async externalAuthenticate(request: PsamRequest): Promise<Uint8Array> {
    return simCryptogram(this.key, request);
  }
}
