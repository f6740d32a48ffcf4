import { createHmac, hkdfSync } from 'node:crypto';
import type { IdCard } from '../../../contracts/devices.js';

/** Face-check tries one ID card may have on this kiosk within {@link CARD_TRY_WINDOW_MS}, whatever the sessions. */
export const CARD_TRIES_PER_HOUR = 6;
export const CARD_TRY_WINDOW_MS = 60 * 60_000;

/** Where the tries are kept (the diagnostics store: it survives a restart and holds no personal data). */
export interface CardTryStore {
  countFaceTries(tag: string, sinceMs: number): number;
  oldestFaceTry(tag: string, sinceMs: number): number | null;
  addFaceTry(tag: string, atMs: number, pruneBeforeMs: number): void;
}

export interface CardTryState {
  used: number;
  /** Set when the card has no tries left: the moment its oldest try in the window ages out. */
  lockedUntilMs: number | null;
}

/**
 * Face-check tries counted per ID card per hour on the kiosk. The session's own count resets when
 * a card is lifted and placed again (it is a new session), so with a stolen card that alone would
 * allow endless tries; this count does not. A card is named by an HMAC of its type and number
 * under a key derived from the kiosk's outbox key (never the number: ID numbers are few enough to
 * guess from a plain hash), so the table tells nobody whose card it was.
 */
export class CardTries {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly store: CardTryStore,
    private readonly masterKey: () => Promise<Uint8Array>,
    private readonly limit = CARD_TRIES_PER_HOUR,
    private readonly windowMs = CARD_TRY_WINDOW_MS,
  ) {}

  async state(card: IdCard, now = Date.now()): Promise<CardTryState> {
    const tag = await this.tag(card);
    const since = now - this.windowMs;
    const used = this.store.countFaceTries(tag, since);
    if (used < this.limit) return { used, lockedUntilMs: null };
    return { used, lockedUntilMs: (this.store.oldestFaceTry(tag, since) ?? now) + this.windowMs };
  }

  /** Count one try; returns the card's state after it. */
  async add(card: IdCard, now = Date.now()): Promise<CardTryState> {
    const tag = await this.tag(card);
    this.store.addFaceTry(tag, now, now - this.windowMs);
    return this.state(card, now);
  }

  private async tag(card: IdCard): Promise<string> {
    if (!this.key) {
      this.key = this.masterKey().then((k) => Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), 'openkiosk face-check tries per card', 32)));
      this.key.catch(() => (this.key = null));
    }
    return createHmac('sha256', await this.key).update(`${card.cardType}:${card.idNumber}`).digest('base64url');
  }
}
