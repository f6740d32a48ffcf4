import type { FaceDecision, FaceGuidance, FaceUnavailableReason } from '../../../../contracts/identity.js';
import type { CameraFailure } from '../../devices/camera.js';

/**
 * The words of the face check, as i18n keys: what the host saw becomes one short
 * instruction, a failure one plain reason. Kept apart from the component so every value of the
 * contract's enums is checked to have words in both languages.
 */

/** Why the check cannot run here: the host's reason, or the camera would not open in the page. */
export type FaceUnavailable = FaceUnavailableReason | 'camera-denied' | 'camera-error';

export function guidanceKey(g: FaceGuidance): `face.guidance.${FaceGuidance}` {
  return `face.guidance.${g}`;
}

export function failureKey(f: NonNullable<FaceDecision['failure']>): `face.failed.${NonNullable<FaceDecision['failure']>}` {
  return `face.failed.${f}`;
}

export function unavailableKey(why: FaceUnavailable): `face.unavailable.${FaceUnavailable}` {
  return `face.unavailable.${why}`;
}

/** A camera that would not open, as the reason shown (and, for an optional step, the skip recorded as `no-camera`). */
export function cameraUnavailable(reason: CameraFailure): FaceUnavailable {
  if (reason === 'denied') return 'camera-denied';
  if (reason === 'error') return 'camera-error';
  return 'no-camera';
}

/** The `face.skip` reason the host records for a check that cannot run here. */
export function skipReason(why: FaceUnavailable): FaceUnavailableReason {
  return why === 'camera-denied' || why === 'camera-error' ? 'no-camera' : why;
}

/**
 * When guidance is spoken: only when it changes, and a hint that flickers frame to frame (off-centre,
 * too far, off-centre…) only once it held for two frames and a few seconds after the last one, so
 * the citizen hears calm instructions rather than a stream of cut-off words. The challenge (turn
 * your head) is said at once. `now` in milliseconds (passed in: no clock here).
 */
export class GuidanceVoice {
  private seen: FaceGuidance | null = null;
  private spoken: FaceGuidance | null = null;
  private at = Number.NEGATIVE_INFINITY;

  constructor(private readonly gapMs = 2500) {}

  /** True when `g`, seen in a frame at `now`, should be said. */
  next(g: FaceGuidance, now: number): boolean {
    const stable = g === this.seen;
    this.seen = g;
    if (g === this.spoken || g === 'decided') return false;
    const urgent = this.spoken === null || g === 'turn-left' || g === 'turn-right';
    if (!urgent && (!stable || now - this.at < this.gapMs)) return false;
    this.spoken = g;
    this.at = now;
    return true;
  }

  /** A new try: the first guidance is said again. */
  reset(): void {
    this.seen = null;
    this.spoken = null;
    this.at = Number.NEGATIVE_INFINITY;
  }
}
