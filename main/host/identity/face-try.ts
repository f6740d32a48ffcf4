import type { FaceChallenge, FaceDecision, FaceGuidance } from '../../../contracts/identity.js';
import type { DescribeWhen, FaceFinding } from './face-engine-types.js';
import { planarResidual } from './planarity.js';

/**
 * One try of the face check, as pure logic over what the engine found in each frame (tested on
 * stored renders, face-try.test.ts). A try:
 * 1. gathers `frontalFrames` frames with one face, near enough, looking at the camera; each is
 *    compared with the ID photo and the best similarity is the score;
 * 2. asks for the challenge (turn to the left or right, chosen at random by the desk) and waits for
 *    a frame turned at least `turnYaw` that way, of the same person (similar to the frontal frames);
 * 3. checks that the turn was a head's and not a picture's: the landmarks must move in a way no
 *    single homography explains (`minParallax`, planarity.ts), and the library's antispoof score
 *    stays above `minAntispoof`.
 * Then it decides: match = score ≥ threshold; live = all of 2 and 3.
 */

export interface TryConfig {
  threshold: number;
  challenge: FaceChallenge;
  frontalFrames: number;
  /** |yaw| below this counts as looking at the camera, radians. */
  frontalYaw: number;
  /** The challenge is met beyond this yaw, radians (~20°). */
  turnYaw: number;
  /** Face box width as a share of the frame width. */
  minFaceShare: number;
  maxFaceShare: number;
  minParallax: number;
  minAntispoof: number;
  /** The turned face must be this similar to the frontal one (nobody swaps in during the turn). */
  minContinuity: number;
}

/** Measured on the synthetic test set (docs/identity.md, "Face check", `npm run bench -- face`); the continuity bar is the matcher's (face-threshold.ts). */
export const LIVENESS_DEFAULTS = {
  frontalFrames: 2,
  frontalYaw: 0.15,
  turnYaw: 0.35,
  minFaceShare: 0.14,
  maxFaceShare: 0.85,
  minParallax: 0.075,
  minAntispoof: 0.3,
} as const;

export interface FrameOutcome {
  guidance: FaceGuidance;
  progress: number;
  box: [number, number, number, number] | null;
  decision: Omit<FaceDecision, 'attempt' | 'attemptsLeft'> | null;
}

export interface TryRecord {
  score: number | null;
  antispoof: number | null;
  live: number | null;
  parallax: number | null;
  challengeDone: boolean;
}

/** Compares two descriptors (the library's similarity, computed in the face worker). */
export type Similarity = (a: number[], b: number[]) => Promise<number>;

export class FaceTry {
  private frontal: { embedding: number[]; landmarks: [number, number][]; score: number }[] = [];
  private antispoof: number[] = [];
  private liveScores: number[] = [];
  private parallax: number | null = null;
  private challengeDone = false;
  private decided: FrameOutcome['decision'] = null;
  private sawFace = false;

  constructor(
    private readonly idEmbedding: number[],
    private readonly cfg: TryConfig,
    private readonly similarity: Similarity,
  ) {}

  get decision(): FrameOutcome['decision'] {
    return this.decided;
  }

  record(): TryRecord {
    return {
      score: this.bestScore(),
      antispoof: mean(this.antispoof),
      live: mean(this.liveScores),
      parallax: this.parallax,
      challengeDone: this.challengeDone,
    };
  }

  /** Which faces of the next frame the engine should describe (only those the try can use). */
  describeWhen(): DescribeWhen {
    if (this.decided) return 'never';
    return this.frontal.length < this.cfg.frontalFrames ? { maxYaw: this.cfg.frontalYaw } : { minYaw: this.cfg.turnYaw };
  }

  /** Feed one analysed frame. */
  async onFrame(faces: FaceFinding[], frameWidth: number): Promise<FrameOutcome> {
    if (this.decided) return { guidance: 'decided', progress: 1, box: null, decision: this.decided };
    if (faces.length === 0) return this.out('no-face', null);
    if (faces.length > 1) return this.out('multiple-faces', null);
    const f = faces[0]!;
    const box = f.box;
    const share = box[2] / frameWidth;
    if (share < this.cfg.minFaceShare) return this.out('too-far', box);
    if (share > this.cfg.maxFaceShare) return this.out('too-close', box);
    if (f.landmarks.length === 0) return this.out('look-straight', box);
    this.sawFace = true;
    if (f.real !== null) this.antispoof.push(f.real);
    if (f.live !== null) this.liveScores.push(f.live);

    if (this.frontal.length < this.cfg.frontalFrames) {
      if (Math.abs(f.yaw) > this.cfg.frontalYaw || Math.abs(f.pitch) > 0.35 || !f.embedding) return this.out('look-straight', box);
      const score = await this.similarity(this.idEmbedding, f.embedding);
      // Copies: the caller wipes the frame's findings as soon as this returns.
      this.frontal.push({ embedding: [...f.embedding], landmarks: f.landmarks.map((p) => [p[0], p[1]] as [number, number]), score });
      return this.out(this.frontal.length < this.cfg.frontalFrames ? 'hold-still' : this.cfg.challenge, box);
    }

    // The citizen's left is the image's right in an unmirrored camera frame, where the library's yaw is negative.
    const turn = this.cfg.challenge === 'turn-left' ? -f.yaw : f.yaw;
    if (turn < this.cfg.turnYaw || !f.embedding) return this.out(this.cfg.challenge, box);
    const ref = this.frontal[this.frontal.length - 1]!;
    const continuity = await this.similarity(ref.embedding, f.embedding);
    if (continuity < this.cfg.minContinuity) return this.out(this.cfg.challenge, box);
    this.challengeDone = true;
    this.parallax = planarResidual(ref.landmarks, f.landmarks);
    return this.decide(box);
  }

  /** The try's time ran out: decide with what was seen. */
  expire(): NonNullable<FrameOutcome['decision']> {
    if (!this.decided) {
      const failure = !this.sawFace || this.frontal.length < this.cfg.frontalFrames ? 'timeout' : 'liveness';
      const score = this.bestScore() ?? 0;
      this.decided = { match: score >= this.cfg.threshold, live: false, passed: false, score, threshold: this.cfg.threshold, failure };
    }
    return this.decided;
  }

  /** Drop the descriptors and landmarks (personal data). */
  wipe(): void {
    for (const f of this.frontal) {
      f.embedding.fill(0);
      for (const p of f.landmarks) p.fill(0);
    }
    this.frontal = [];
    this.idEmbedding.fill(0);
  }

  private bestScore(): number | null {
    return this.frontal.length ? Math.max(...this.frontal.map((f) => f.score)) : null;
  }

  private decide(box: [number, number, number, number]): FrameOutcome {
    const score = this.bestScore() ?? 0;
    const match = score >= this.cfg.threshold;
    const antispoof = mean(this.antispoof) ?? 0;
    const live = this.challengeDone && (this.parallax ?? 0) >= this.cfg.minParallax && antispoof >= this.cfg.minAntispoof;
    const failure = !live ? 'liveness' : !match ? 'mismatch' : null;
    this.decided = { match, live, passed: match && live, score, threshold: this.cfg.threshold, failure };
    return { guidance: 'decided', progress: 1, box, decision: this.decided };
  }

  private out(guidance: FaceGuidance, box: FrameOutcome['box']): FrameOutcome {
    const progress = Math.min(this.frontal.length, this.cfg.frontalFrames) / (this.cfg.frontalFrames + 1);
    return { guidance, progress, box, decision: null };
  }
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}
