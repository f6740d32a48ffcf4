/** One face the engine found in a frame (messages between the host and its face worker). */
export interface FaceFinding {
  score: number;
  /** x, y, width, height in the frame's pixels. */
  box: [number, number, number, number];
  /** The 1024-value descriptor (personal data: never logged, wiped with the session). */
  embedding: number[] | null;
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
  | { id: number; kind: 'load' }
  | { id: number; kind: 'analyse'; rgb: ArrayBuffer; width: number; height: number }
  | { id: number; kind: 'analyseJpeg'; jpeg: ArrayBuffer }
  | { id: number; kind: 'similarity'; a: number[]; b: number[] };
export type WorkerReply =
  | { id: number; ok: true; faces: FaceFinding[]; similarity?: number; size?: { width: number; height: number } }
  /** `badInput`: the picture itself was refused (not a JPEG, too large), as opposed to the engine failing. */
  | { id: number; ok: false; message: string; badInput?: boolean };
