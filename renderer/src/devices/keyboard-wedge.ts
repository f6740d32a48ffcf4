/**
 * Keyboard-wedge scanner detection, browser side and pure (no DOM, no React): feed it keydown-like
 * events and it tells scanner bursts from people typing (peripherals.md §3.4: onScan.js-style timing,
 * ≤ 30 ms between keys, plus an optional configured prefix/suffix).
 *
 * So that a burst never leaks into a focused form field, every printable key is *held* (`consumed`:
 * the caller calls `preventDefault()`) until the detector has decided; keys that turn out to be
 * typing come back as a `typing` result for the caller to insert. Modifier keys pass through.
 */

/** The two fields of a KeyboardEvent the detector needs. */
export interface WedgeKeyEvent {
  key: string;
  /** Milliseconds, monotonic (KeyboardEvent.timeStamp). */
  timeStamp: number;
}

/** Detector settings; defaults follow onScan.js / scan-detector. */
export interface WedgeOptions {
  /** Characters the scanner is configured to send first (e.g. `~`). Default none. */
  prefix?: string;
  /** Key that ends a scan: `Enter`, `Tab`, or '' for none (idle gap ends it). Default `Enter`. */
  suffix?: string;
  /** Keys closer together than this belong to one burst, ms. Default 30. */
  maxInterKeyMs?: number;
  /** Shortest payload accepted as a scan (prefix excluded). Default 4. */
  minLength?: number;
  /** Quiet time after the last key before a suffix-less burst is decided, ms. Default 100. */
  idleMs?: number;
  /** Longest payload, chars. Default 4096. */
  maxLength?: number;
}

export type WedgeResult =
  | { kind: 'scan'; data: string; startedAt: number; endedAt: number }
  /** Held keys that were typing, in order, to be inserted by the caller (`Enter`/`Tab` included as keys). */
  | { kind: 'typing'; keys: string[] };

export interface WedgeFeed {
  /** True when the caller must suppress this key's default action. */
  consumed: boolean;
  results: WedgeResult[];
}

const PASS_THROUGH = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'NumLock', 'Dead', 'Unidentified']);

export class KeyboardWedgeDetector {
  private readonly o: Required<WedgeOptions>;
  private held: { key: string; t: number }[] = [];

  constructor(options: WedgeOptions = {}) {
    this.o = {
      prefix: options.prefix ?? '',
      suffix: options.suffix ?? 'Enter',
      maxInterKeyMs: options.maxInterKeyMs ?? 30,
      minLength: options.minLength ?? 4,
      idleMs: options.idleMs ?? 100,
      maxLength: options.maxLength ?? 4096,
    };
  }

  /** Whether keys are held waiting for a decision (call {@link flush} after `idleMs`). */
  hasPending(): boolean {
    return this.held.length > 0;
  }

  /** When {@link flush} should next be called, or null when nothing is held. */
  deadline(): number | null {
    const last = this.held.at(-1);
    return last ? last.t + Math.max(this.o.idleMs, this.o.maxInterKeyMs) : null;
  }

  feed(e: WedgeKeyEvent): WedgeFeed {
    if (PASS_THROUGH.has(e.key)) return { consumed: false, results: [] };
    const results: WedgeResult[] = [];
    const last = this.held.at(-1);
    if (last && e.timeStamp - last.t > this.o.maxInterKeyMs) {
      // A pause: whatever was held is decided now (a suffix-less burst, or typing).
      results.push(...this.decide());
    }
    if (this.o.suffix !== '' && e.key === this.o.suffix) {
      if (this.held.length === 0) return { consumed: false, results };
      const gap = e.timeStamp - this.held.at(-1)!.t;
      if (gap <= this.o.maxInterKeyMs && this.isBurst()) {
        results.push(this.scan(e.timeStamp));
        return { consumed: true, results };
      }
      results.push({ kind: 'typing', keys: [...this.held.map((h) => h.key), e.key] });
      this.held = [];
      return { consumed: true, results };
    }
    if (e.key.length !== 1 && !isSingleCodePoint(e.key)) {
      // Navigation or editing key (Backspace, arrows): release what is held and let it through.
      results.push(...this.decide());
      return { consumed: false, results };
    }
    this.held.push({ key: e.key, t: e.timeStamp });
    if (this.held.length > this.o.maxLength + this.o.prefix.length) results.push(...this.decide());
    return { consumed: true, results };
  }

  /** Decide held keys once `now` is past the {@link deadline}. */
  flush(now: number): WedgeResult[] {
    const d = this.deadline();
    if (d === null || now < d) return [];
    return this.decide();
  }

  /** Release everything held as typing (e.g. when the focused field changes). */
  reset(): WedgeResult[] {
    if (this.held.length === 0) return [];
    const keys = this.held.map((h) => h.key);
    this.held = [];
    return [{ kind: 'typing', keys }];
  }

  private decide(): WedgeResult[] {
    if (this.held.length === 0) return [];
    // Without a configured suffix, a burst that went quiet is a complete scan.
    if (this.o.suffix === '' && this.isBurst()) return [this.scan(this.held.at(-1)!.t)];
    const keys = this.held.map((h) => h.key);
    this.held = [];
    return [{ kind: 'typing', keys }];
  }

  private isBurst(): boolean {
    const text = this.held.map((h) => h.key).join('');
    if (!text.startsWith(this.o.prefix)) return false;
    if (Array.from(text).length - Array.from(this.o.prefix).length < this.o.minLength) return false;
    for (let i = 1; i < this.held.length; i++) {
      if (this.held[i]!.t - this.held[i - 1]!.t > this.o.maxInterKeyMs) return false;
    }
    return true;
  }

  private scan(endedAt: number): WedgeResult {
    const text = this.held.map((h) => h.key).join('');
    const startedAt = this.held[0]!.t;
    this.held = [];
    return { kind: 'scan', data: text.slice(this.o.prefix.length), startedAt, endedAt };
  }
}

function isSingleCodePoint(s: string): boolean {
  return Array.from(s).length === 1;
}
