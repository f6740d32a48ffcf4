import { z } from 'zod';

/**
 * Identity assurance (docs/protocol.md §6): the live face is compared with the ID card's
 * photo on the host, and an authorisation is signed by hand. The ID photo, camera frames, face
 * descriptors and the signature never leave the host except as the decision (and the signature
 * inside the encrypted submission body); the renderer only sends what the host needs and shows
 * guidance.
 */

/** A camera frame the renderer sends: a JPEG of at most this many bytes, longest edge at most `MAX_FRAME_EDGE`. */
export const MAX_FRAME_BYTES = 256 * 1024;
export const MAX_FRAME_EDGE = 1280;
/** A signature PNG: at most this many bytes (a few strokes on a 1000 px pad are ~20–60 KB). */
export const MAX_SIGNATURE_BYTES = 384 * 1024;

/** The active liveness challenge the citizen is asked to do. */
export const FaceChallenge = z.enum(['turn-left', 'turn-right']);
export type FaceChallenge = z.infer<typeof FaceChallenge>;

/** Why a face check cannot run here; the step's policy decides what happens (required: service unavailable; optional: skipped and recorded). */
/** `engine-not-verified`: a required check in a hall whose face match is not measured good enough to enforce it (config `identity.face.requiredCheck`). */
export const FaceUnavailableReason = z.enum(['no-camera', 'no-decoder', 'no-photo', 'engine-unavailable', 'engine-not-verified', 'identified-by-app']);
export type FaceUnavailableReason = z.infer<typeof FaceUnavailableReason>;

/** What the host saw in one frame; the renderer turns it into spoken and written guidance. */
export const FaceGuidance = z.enum([
  'no-face', // nobody in frame
  'multiple-faces', // only the citizen, please
  'too-far', // come closer
  'too-close',
  'off-centre', // move into the outline
  'look-straight', // face the camera first
  'hold-still', // collecting frontal frames
  'turn-left', // do the challenge
  'turn-right',
  'deciding',
  'decided',
]);
export type FaceGuidance = z.infer<typeof FaceGuidance>;

/** One try's decision, as the renderer may see it: no image, no descriptor. */
export const FaceDecision = z.object({
  match: z.boolean(),
  live: z.boolean(),
  passed: z.boolean(),
  score: z.number(),
  threshold: z.number(),
  /** Why a try failed, for a plain explanation: `mismatch`, `liveness`, `timeout` (no face long enough). Null when passed. */
  failure: z.enum(['mismatch', 'liveness', 'timeout']).nullable(),
  attempt: z.number().int(),
  attemptsLeft: z.number().int(),
});
export type FaceDecision = z.infer<typeof FaceDecision>;

/**
 * What the submission carries and the audit log records: the host adds it to
 * the body of the session's next submission, so the renderer can neither forge nor omit it.
 */
export const IdentityVerification = z.object({
  method: z.enum(['face', 'skipped']),
  /** Which face match decided (`builtin:…` or a vendor engine's name); absent when skipped. */
  engine: z.string().max(200).optional(),
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  liveness: z.object({ challenge: FaceChallenge.nullable(), passed: z.boolean(), antispoof: z.number().nullable(), live: z.number().nullable() }).nullable(),
  /** `passed`, `failed`, `declined` (an optional check the citizen skipped), or why it could not run. */
  outcome: z.union([z.enum(['passed', 'failed', 'declined']), FaceUnavailableReason]),
  at: z.string(),
});
export type IdentityVerification = z.infer<typeof IdentityVerification>;

const StepRef = { serviceId: z.string().min(1).max(100), stepId: z.string().min(1).max(100) };

export const IdentityMethods = {
  /**
   * Start (or retry) the face check of a `verify-face` step for the citizen identified in this
   * session. The host decodes the card's photo (vendor decoder; the simulated one for demo cards),
   * loads the face models on first use, and picks the challenge. `available: false` names why; the
   * renderer then follows the step's policy (and calls `face.skip`). `camera` is what the renderer
   * found: without one the host records the skip.
   */
  'face.begin': {
    params: z.strictObject({ ...StepRef, camera: z.boolean() }),
    result: z.object({
      available: z.boolean(),
      reason: FaceUnavailableReason.nullable(),
      attemptId: z.string().nullable(),
      challenge: FaceChallenge.nullable(),
      attempt: z.number().int(),
      maxAttempts: z.number().int(),
      /** Seconds this try may take before it fails as `timeout`. */
      timeoutSec: z.number(),
      /** Send at most this many frames a second; the host drops frames it cannot keep up with. */
      maxFps: z.number(),
    }),
  },
  /**
   * One camera frame of the current try (JPEG, base64). Answered with guidance; the last answer of a
   * try carries the decision. `busy` answers mean the host is still on an earlier frame (drop, not retry).
   */
  'face.frame': {
    params: z.strictObject({
      attemptId: z.string().min(1).max(64),
      jpegBase64: z.string().min(4).max(Math.ceil((MAX_FRAME_BYTES * 4) / 3) + 4),
    }),
    result: z.object({
      guidance: FaceGuidance,
      /** 0–1: how far the try is (frontal frames gathered, challenge done). */
      progress: z.number(),
      /** The face box in the frame's pixels, for the outline; null without a face. */
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
      decision: FaceDecision.nullable(),
    }),
  },
  /** Give up the face check: the citizen declined, or there is no camera. Allowed only when the step is optional (recorded as skipped). */
  'face.skip': {
    params: z.strictObject({ ...StepRef, reason: z.union([FaceUnavailableReason, z.literal('declined')]) }),
    result: z.object({ recorded: z.literal(true), allowed: z.boolean() }),
  },
  /**
   * The citizen's hand signature of a `sign` step (PNG, base64, size-capped). The host keeps it in
   * the session and puts it in the body of the next submission (encrypted at rest with it).
   */
  'signature.submit': {
    params: z.strictObject({
      ...StepRef,
      pngBase64: z.string().min(4).max(Math.ceil((MAX_SIGNATURE_BYTES * 4) / 3) + 4),
      strokes: z.number().int().min(1).max(500),
    }),
    result: z.object({ accepted: z.literal(true), at: z.string() }),
  },
  /** Print the signed authorisation (A4 PDF: the text, the masked name, the date, the signature) on the document printer. */
  'signature.printAuthorisation': {
    params: z.strictObject({ ...StepRef, locale: z.enum(['zh-CN', 'en']).default('zh-CN') }),
    result: z.object({ jobId: z.string() }),
  },
} as const;

/** The camera as configured (`identity.camera`); null: this kiosk has none. */
export const CameraInfo = z
  .object({ label: z.string().nullable(), deviceId: z.string().nullable(), width: z.number().int(), height: z.number().int() })
  .nullable();
export type CameraInfo = z.infer<typeof CameraInfo>;
