/**
 * The face descriptors the worker can compute: `faceres` (@vladmandic/human's FaceRes on the
 * library's own crop), `faceres-aligned` (the same model on a five-point aligned crop), `dlib`
 * (dlib's ResNet on its five-point aligned 150 px chip).
 */
export type DescriptorKind = 'faceres' | 'faceres-aligned' | 'dlib';

/**
 * Which faces get the match's descriptor (the costliest model): all, none, or only a single face
 * within a pose (|yaw| at most `maxYaw`: a frontal frame; at least `minYaw`: a turned one). A try
 * needs it on a handful of frames; the others are for guidance and the liveness check.
 */
export type DescribeWhen = 'always' | 'never' | { maxYaw: number } | { minYaw: number };

/** Whether a face of a frame with `count` faces at `yaw` gets the match's descriptor. */
export function describeWanted(when: DescribeWhen, count: number, yaw: number): boolean {
  if (when === 'always') return true;
  if (when === 'never' || count !== 1) return false;
  return 'maxYaw' in when ? Math.abs(yaw) <= when.maxYaw : Math.abs(yaw) >= when.minYaw;
}

/** One face the engine found in a frame (messages between the host and its face worker). */
export interface FaceFinding {
  score: number;
  /** x, y, width, height in the frame's pixels. */
  box: [number, number, number, number];
  /** The built-in match's descriptor (personal data: never logged, wiped with the session). */
  embedding: number[] | null;
  /** Other descriptors, only when asked for (the bench compares models on one detection). */
  descriptors?: Partial<Record<DescriptorKind, number[]>>;
  /** Radians, as the library estimates them from the mesh. */
  yaw: number;
  pitch: number;
  roll: number;
  /** The library's antispoof and liveness model scores, 0–1. */
  real: number | null;
  live: number | null;
  /** Selected mesh landmarks (x, y) for the planarity test; empty without a mesh. */
  landmarks: [number, number][];
}

export type WorkerRequest =
  | { id: number; kind: 'load'; allDescriptors?: boolean }
  | { id: number; kind: 'analyse'; rgb: ArrayBuffer; width: number; height: number; descriptors?: DescriptorKind[]; describe?: DescribeWhen }
  /** `pixels`: send the decoded frame back (a vendor engine describes from the picture). */
  | { id: number; kind: 'analyseJpeg'; jpeg: ArrayBuffer; describe?: DescribeWhen; pixels?: boolean }
  | { id: number; kind: 'similarity'; a: number[]; b: number[] };
export type WorkerReply =
  | { id: number; ok: true; faces: FaceFinding[]; similarity?: number; size?: { width: number; height: number }; rgb?: ArrayBuffer }
  /** `badInput`: the picture itself was refused (not a JPEG, too large), as opposed to the engine failing. */
  | { id: number; ok: false; message: string; badInput?: boolean };
