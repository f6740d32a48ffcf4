import type { IdCard, MaskedIdentity } from '../../contracts/devices.js';
import { KioskError } from '../../contracts/errors.js';
import { maskIdNumber, maskName } from '../../contracts/mask.js';

/**
 * The citizen's session on the host: the full identity read from the card lives only here, never
 * in the renderer, and is overwritten and dropped when the session ends.
 */
export class Session {
  private identity: IdCard | null = null;
  private identitySource: 'card' | 'app' | 'sscard' | null = null;

  /**
   * `card`: read from the ID card on the reader; `app`: the e-government app's QR code (no card
   * photo); `sscard`: the social security card (no photo either).
   */
  setIdentity(card: IdCard, source: 'card' | 'app' | 'sscard' = 'card'): MaskedIdentity {
    this.wipe();
    this.identity = card;
    this.identitySource = source;
    return maskIdentity(card);
  }

  /** How the citizen identified in this session. */
  source(): 'card' | 'app' | 'sscard' | null {
    return this.identitySource;
  }

  /** The full card for host-side use (submissions, lookups). */
  current(): IdCard | null {
    return this.identity;
  }

  /** The full card, or a `bad-request` naming `what` when the citizen has not identified yet. */
  identified(what: string): IdCard {
    if (!this.identity) throw new KioskError('bad-request', `${what}: the citizen has not identified in this session`);
    return this.identity;
  }

  /** Overwrite the strings we hold (best effort in a GC'd runtime) and drop the card. */
  wipe(): void {
    const id = this.identity as Record<string, unknown> | null;
    if (id) for (const k of Object.keys(id)) id[k] = null;
    this.identity = null;
    this.identitySource = null;
  }
}

export function maskIdentity(card: IdCard): MaskedIdentity {
  return {
    cardType: card.cardType,
    maskedName: maskName(card.englishName && card.cardType.startsWith('foreign') ? card.englishName : card.name),
    maskedIdNumber: maskIdNumber(card.idNumber),
    gender: card.gender,
    birthYear: card.birthDate ? card.birthDate.slice(0, 4) : null,
    hasPhoto: card.photo !== null,
    warnings: [...card.warnings],
  };
}
