/**
 * The nightly restart as pure decisions: a window opens every day at a configured local hour and
 * stays open `windowMin` minutes; inside it the kiosk restarts as soon as it is idle, once. A
 * downloaded update is applied at this restart (main/electron/update-policy.ts).
 */

/** Inputs of {@link isIdle}. */
export interface Activity {
  /** A citizen has identified, or made a submission, and the session has not ended. */
  sessionOpen: boolean;
  /** Requests being served now (pings excluded). */
  inFlight: number;
  /** When the last citizen request arrived (ms since epoch). */
  lastActivityAt: number;
}

/** Idle: no session in progress, nothing being served, and no request for `quietMs`. */
export function isIdle(a: Activity, now: number, quietMs: number): boolean {
  return !a.sessionOpen && a.inFlight === 0 && now - a.lastActivityAt >= quietMs;
}

/** The restart window containing `now`, if any (a window may run past midnight). */
export function restartWindow(now: Date, hour: number | null, windowMin: number): { start: Date; end: Date } | null {
  if (hour === null) return null;
  for (const dayOffset of [0, -1]) {
    const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + dayOffset, hour, 0, 0, 0);
    const end = new Date(start.getTime() + windowMin * 60_000);
    if (now >= start && now < end) return { start, end };
  }
  return null;
}

/** `restart` when inside today's window, not yet restarted since it opened, and idle. */
export function nightlyRestartDecision(args: { now: Date; bootedAt: Date; hour: number | null; windowMin: number; idle: boolean }): 'restart' | 'wait' {
  const w = restartWindow(args.now, args.hour, args.windowMin);
  if (!w) return 'wait';
  // Started inside this window already (this run is the restart, or a technician restarted): done for tonight.
  if (args.bootedAt >= w.start) return 'wait';
  return args.idle ? 'restart' : 'wait';
}

/** Options of {@link NightlyRestartScheduler}. */
export interface NightlyRestartOptions {
  hour: number | null;
  windowMin: number;
  bootedAt: Date;
  /** Whether the kiosk is idle right now. */
  idle(): boolean;
  /** Called once when the restart is due. */
  onRestart(): void;
  /** How often to look, ms (default 30 s). */
  checkEveryMs?: number;
  now?: () => Date;
}

/** Looks every `checkEveryMs` and calls `onRestart` once when {@link nightlyRestartDecision} says so. */
export class NightlyRestartScheduler {
  private timer: NodeJS.Timeout | null = null;
  private fired = false;

  constructor(private readonly o: NightlyRestartOptions) {}

  start(): void {
    if (this.o.hour === null) return;
    this.timer = setInterval(() => this.check(), this.o.checkEveryMs ?? 30_000);
    this.timer.unref();
  }

  /** One look; true when it fired. */
  check(): boolean {
    if (this.fired) return false;
    const now = (this.o.now ?? (() => new Date()))();
    if (nightlyRestartDecision({ now, bootedAt: this.o.bootedAt, hour: this.o.hour, windowMin: this.o.windowMin, idle: this.o.idle() }) !== 'restart') return false;
    this.fired = true;
    this.stop();
    this.o.onRestart();
    return true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
