import { heldPhoto } from './spoof.js';
import { identityFromSeed, renderFace, seededRandom as seededRandomFor, type FaceIdentity, type RgbImage } from './synth-face.js';

/** The ID card photo size (WLT decodes to 102 × 126, reference §5). */
export const ID_PHOTO = { width: 102, height: 126 } as const;

/** The seed of a demo card holder's face: the simulated decoder and the fake camera agree on it. */
export function demoFaceSeed(cardKey: string): string {
  return `demo-card:${cardKey}`;
}

/** The card's photo: frontal, even light, white background, head and shoulders, as ID photos are taken. */
export function idPhoto(face: FaceIdentity): RgbImage {
  return renderFace(face, { width: ID_PHOTO.width, height: ID_PHOTO.height, scale: 34, cy: 56, light: [0, 0.2, 1], background: 'id-photo', noise: 0.01, noiseSeed: `${face.seed}:id` });
}

/**
 * Head yaw over time in a looping camera clip: look at the camera, turn to the citizen's left and
 * back, to their right and back (so either challenge is met once per loop), in `seconds`.
 */
export function turnSchedule(t: number, seconds = 7): number {
  const s = (t % seconds) / seconds;
  const ramp = (a: number, b: number) => Math.sin(Math.min(1, Math.max(0, (s - a) / (b - a))) * Math.PI);
  const amp = 0.55;
  return amp * ramp(0.3, 0.6) - amp * ramp(0.65, 0.95);
}

export interface CameraClip {
  width: number;
  height: number;
  fps: number;
  frames: RgbImage[];
}

/** A live person in front of the kiosk camera, turning as {@link turnSchedule}. */
export function liveClip(face: FaceIdentity, o: { width?: number; height?: number; fps?: number; seconds?: number } = {}): CameraClip {
  const width = o.width ?? 640;
  const height = o.height ?? 480;
  const fps = o.fps ?? 10;
  const seconds = o.seconds ?? 7;
  const frames: RgbImage[] = [];
  for (let i = 0; i < fps * seconds; i++) {
    const t = i / fps;
    frames.push(
      renderFace(face, {
        width,
        height,
        yaw: turnSchedule(t, seconds),
        pitch: 0.04 * Math.sin(t * 1.3),
        roll: 0.03 * Math.sin(t * 0.7),
        scale: height * 0.27,
        cx: width / 2 + 6 * Math.sin(t * 0.9),
        cy: height * 0.46,
        noise: 0.02,
        noiseSeed: `${face.seed}:${i}`,
      }),
    );
  }
  return { width, height, fps, frames };
}

/** A picture of `face` held up to the camera and turned as {@link turnSchedule} (a presentation attack). */
export function photoAttackClip(face: FaceIdentity, o: { width?: number; height?: number; fps?: number; seconds?: number; medium?: 'paper' | 'phone' } = {}): CameraClip {
  const width = o.width ?? 640;
  const height = o.height ?? 480;
  const fps = o.fps ?? 10;
  const seconds = o.seconds ?? 7;
  // A head-and-shoulders portrait, held close enough that the face is as large as a live one.
  const portrait = renderFace(face, { width: 300, height: 360, scale: 135, cy: 175, noise: 0.01 });
  const frames: RgbImage[] = [];
  for (let i = 0; i < fps * seconds; i++) {
    const t = i / fps;
    frames.push(heldPhoto(portrait, { width, height, yaw: turnSchedule(t, seconds), size: width * 0.42, medium: o.medium ?? 'paper', cy: height * 0.5 }));
  }
  return { width, height, fps, frames };
}

/** Nobody in front of the camera: the hall behind the kiosk, with sensor noise (two seconds, looped). */
export function emptyClip(o: { width?: number; height?: number; fps?: number } = {}): CameraClip {
  const width = o.width ?? 640;
  const height = o.height ?? 480;
  const fps = o.fps ?? 10;
  const frames: RgbImage[] = [];
  for (let i = 0; i < fps * 2; i++) frames.push(renderFace(identityFromSeed('nobody'), { width, height, scale: 0.0001, cx: -1000, cy: -1000, noise: 0.02, noiseSeed: `empty:${i}` }));
  return { width, height, fps, frames };
}
/**
 * One still of a person at the kiosk camera for the threshold test set: a different light, a small
 * turn and tilt, a different distance and sensor noise per `variant`, so a genuine pair (ID photo,
 * capture) differs as a real one does.
 */
export function cameraStill(face: FaceIdentity, variant: number, o: { width?: number; height?: number } = {}): RgbImage {
  const width = o.width ?? 640;
  const height = o.height ?? 480;
  const r = seededRandomFor(`${face.seed}:still:${variant}`);
  const between = (lo: number, hi: number) => lo + (hi - lo) * r();
  return renderFace(face, {
    width,
    height,
    yaw: between(-0.12, 0.12),
    pitch: between(-0.1, 0.1),
    roll: between(-0.06, 0.06),
    scale: height * between(0.22, 0.32),
    cx: width * between(0.42, 0.58),
    cy: height * between(0.42, 0.5),
    // A service hall is lit evenly from the ceiling; the kiosk's own panel lights the face from the front.
    light: [between(-0.4, 0.4), between(0.15, 0.6), 1],
    noise: between(0.01, 0.04),
    noiseSeed: `${face.seed}:still:${variant}`,
  });
}
