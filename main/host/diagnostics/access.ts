import { randomBytes } from 'node:crypto';
import { KioskError } from '../../../contracts/errors.js';
import type { DiagnosticsStore } from './audit-store.js';
import { DEFAULT_SIM_PIN, verifyPin } from './pin-hash.js';

/** Wrong tries before entry is locked. */
export const MAX_PIN_FAILURES = 5;
/** How long entry stays locked after the fifth wrong try. */
export const LOCKOUT_MS = 5 * 60_000;
/** PIN checks waiting their turn; more are refused at once (each costs an scrypt). */
export const MAX_WAITING_ENTRIES = 8;

export interface AccessOptions {
  store: DiagnosticsStore;
  /** The configured hash, or undefined. */
  pinHash: string | undefined;
  /** True when every device is simulated: the development PIN applies if no hash is configured. */
  simulated: boolean;
  /** A session ends after this long without a request, ms. */
  sessionMs: number;
  now?: () => number;
}

export interface AccessStatus {
  available: boolean;
  defaultPin: boolean;
  lockedUntil: string | null;
  attemptsLeft: number;
}

/**
 * The gate in front of every diagnostics method: PIN check against the scrypt hash, lock-out after
 * five wrong tries for five minutes (kept in SQLite, so a reload or restart does not reset it), and
 * session tokens that expire after a quiet period. Every entry, refusal and exit is audited.
 *
 * Guesses are checked one at a time, and each is counted (written to SQLite) before its scrypt
 * runs: concurrent guesses cannot all see "4 tries left", and a crash mid-check still counts it.
 */
export class DiagnosticsAccess {
  private readonly sessions = new Map<string, number>();
  private readonly now: () => number;
  /** The end of the chain of PIN checks: each waits for the one before it. */
  private turn: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly o: AccessOptions) {
    this.now = o.now ?? Date.now;
  }

  private get defaultPin(): boolean {
    return !this.o.pinHash && this.o.simulated;
  }

  status(): AccessStatus {
    const l = this.currentLockout();
    return {
      available: !!this.o.pinHash || this.defaultPin,
      defaultPin: this.defaultPin,
      lockedUntil: l.lockedUntilMs > this.now() ? new Date(l.lockedUntilMs).toISOString() : null,
      attemptsLeft: l.lockedUntilMs > this.now() ? 0 : MAX_PIN_FAILURES - l.failures,
    };
  }

  /** A lock that has run out counts as no lock and no failures. */
  private currentLockout() {
    const l = this.o.store.lockout();
    if (l.lockedUntilMs && l.lockedUntilMs <= this.now()) return { failures: 0, lockedUntilMs: 0 };
    return l;
  }

  /**
   * Check the PIN; returns a new session token. Throws `forbidden` (wrong or locked), `not-available`,
   * or `rate-limited` when too many checks are already waiting.
   */
  enter(pin: string): Promise<{ token: string; expiresAt: string }> {
    if (this.waiting >= MAX_WAITING_ENTRIES) {
      this.o.store.audit('enter', false, 'refused: too many PIN checks at once');
      return Promise.reject(new KioskError('rate-limited', 'diagnostics: too many PIN attempts at once; try again shortly', true));
    }
    this.waiting++;
    const result = this.turn.then(() => this.enterNow(pin));
    this.turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => this.waiting--);
  }

  private async enterNow(pin: string): Promise<{ token: string; expiresAt: string }> {
    const store = this.o.store;
    if (!this.o.pinHash && !this.defaultPin) {
      store.audit('enter', false, 'no technician PIN configured');
      throw new KioskError('not-available', 'diagnostics: no technician PIN is configured (diagnostics.pinHash; kiosk-diag pin-hash)');
    }
    const lock = this.currentLockout();
    if (lock.lockedUntilMs > this.now()) {
      store.audit('enter', false, 'locked out');
      throw new KioskError('forbidden', `diagnostics: entry locked until ${new Date(lock.lockedUntilMs).toISOString()} after ${MAX_PIN_FAILURES} wrong PINs`);
    }
    // Count this try before checking it: if the check never finishes, the try still counts.
    const failures = lock.failures + 1;
    store.setLockout({ failures, lockedUntilMs: 0 });
    const ok = this.o.pinHash ? await verifyPin(pin, this.o.pinHash) : pin === DEFAULT_SIM_PIN;
    if (!ok) {
      if (failures >= MAX_PIN_FAILURES) {
        const until = this.now() + LOCKOUT_MS;
        store.setLockout({ failures: 0, lockedUntilMs: until });
        store.audit('enter', false, `wrong PIN (${failures}); entry locked until ${new Date(until).toISOString()}`);
        throw new KioskError('forbidden', `diagnostics: wrong PIN; entry locked for ${LOCKOUT_MS / 60_000} minutes`);
      }
      store.audit('enter', false, `wrong PIN (${failures})`);
      throw new KioskError('forbidden', `diagnostics: wrong PIN; ${MAX_PIN_FAILURES - failures} tries left`);
    }
    store.setLockout({ failures: 0, lockedUntilMs: 0 });
    const token = randomBytes(32).toString('base64url');
    const expires = this.now() + this.o.sessionMs;
    this.sessions.set(token, expires);
    store.audit('enter', true, this.defaultPin ? 'development PIN (simulated devices)' : 'PIN');
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  /** Throws `forbidden` unless the token is a live session; a valid request extends it. */
  check(token: string): void {
    const expires = this.sessions.get(token);
    if (expires === undefined) throw new KioskError('forbidden', 'diagnostics: no session (enter the technician PIN)');
    if (expires <= this.now()) {
      this.sessions.delete(token);
      this.o.store.audit('exit', true, 'session expired');
      throw new KioskError('forbidden', 'diagnostics: the session expired (enter the technician PIN again)');
    }
    this.sessions.set(token, this.now() + this.o.sessionMs);
  }

  /** End a session (audited). */
  exit(token: string): void {
    this.check(token);
    this.sessions.delete(token);
    this.o.store.audit('exit', true, 'technician left');
  }
}
