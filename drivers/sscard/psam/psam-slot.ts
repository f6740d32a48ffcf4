import { KioskError } from '../../../contracts/errors.js';
import { SW, swHex, type ResponseApdu } from '../codec/apdu.js';
import { externalAuthenticate, getChallenge } from '../codec/commands.js';

/**
 * A PSAM (the security module in the second slot of the multi-slot readers halls buy). The card
 * gives some files only after it has authenticated the terminal: it sends a challenge, and only a
 * PSAM holding the issuer's key can compute the cryptogram the card expects.
 */
export interface PsamSlot {
  /** Shown in diagnostics: the PSAM reader's name, or that it is simulated. */
  readonly label: string;
  /**
   * The cryptogram over the card's challenge for external authentication key `keyId`. The
   * diversifier (the card's identification code from EF05) derives the card's own key from the
   * issuer's master key inside the PSAM.
   */
  externalAuthenticate(request: PsamRequest, timeoutMs: number): Promise<Uint8Array>;
}

export interface PsamRequest {
  challenge: Uint8Array;
  keyId: number;
  diversifier: Uint8Array;
}

/** The card's external authentication key used for the basic data files (社会保障卡 key 01). */
export const EXTERNAL_AUTH_KEY_ID = 0x01;

/**
 * The external authentication flow of the social security application (the application must be
 * selected): GET CHALLENGE to the card → the PSAM computes the cryptogram → EXTERNAL AUTHENTICATE
 * to the card. A refusal is an error, never a silent gap: the PSAM and the card disagree on keys.
 */
export async function authenticateCard(send: (cmd: Uint8Array) => Promise<ResponseApdu>, psam: PsamSlot, diversifier: Uint8Array, timeoutMs: number): Promise<void> {
  const challenge = await send(getChallenge(8));
  if (challenge.sw !== SW.OK || challenge.data.length !== 8) {
    throw new KioskError('protocol-error', `GET CHALLENGE: the card answered ${swHex(challenge.sw)} with ${challenge.data.length} bytes`, true);
  }
  const cryptogram = await psam.externalAuthenticate({ challenge: challenge.data, keyId: EXTERNAL_AUTH_KEY_ID, diversifier }, timeoutMs);
  const r = await send(externalAuthenticate(EXTERNAL_AUTH_KEY_ID, cryptogram));
  if (r.sw === SW.OK) return;
  const why = (r.sw & 0xfff0) === 0x63c0 ? `wrong cryptogram, ${r.sw & 0x0f} tries left` : r.sw === SW.AUTH_BLOCKED ? 'the card has blocked its key' : 'refused';
  throw new KioskError('psam-required', `[psam] EXTERNAL AUTHENTICATE: ${why} (${swHex(r.sw)}): the PSAM (${psam.label}) does not hold this card's issuer key`, false);
}
