import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KioskError } from '../../../contracts/errors.js';
import { withTimeout } from '../../../drivers/core/request.js';
import type { RgbFrame } from './face-engine.js';
import { FACE_MODEL } from './face-model.js';
import { BUILTIN_MEASURED_GOOD, DEFAULT_CONTINUITY, DEFAULT_FACE_THRESHOLD } from './face-threshold.js';

/** A face in a picture: the picture (RGB, personal data: the matcher must not keep it) and where the face is. */
export interface FaceImage extends RgbFrame {
  box: [number, number, number, number];
}

/**
 * The face match itself: a template of a face and a score for two templates. The built-in engine
 * (@vladmandic/human to find the face, dlib's ResNet to describe it) is the default; a hall that
 * holds a licensed 人证核验 algorithm loads it here instead (`identity.face.engine`). Finding the
 * face, guiding the citizen, liveness, the decision, privacy and the audit stay in the kiosk's code;
 * the matcher only describes and compares.
 */
export interface FaceMatcher {
  /** For the audit log and `kiosk-diag`: `builtin:…` or the vendor's name and version. */
  readonly name: string;
  /** Score at or above which two templates are one person, on the matcher's own 0–1 scale. */
  readonly threshold: number;
  /** Score at or above which a turned face is the same person as the frontal one of the same try. */
  readonly continuity: number;
  /**
   * Whether its figures on real faces meet the bar for a required check (FRR ≤ 5 % at FAR ≤ 0.5 %
   * per try). A vendor's certified engine says true; the policy `auto` enforces a required check only then.
   */
  readonly measuredGood: boolean;
  /** Whether `describe` needs the picture (a vendor engine) or takes the kiosk's own descriptor. */
  readonly needsImage: boolean;
  /** The face's template, from the kiosk's own descriptor (`own`) or the picture; null: no face. */
  describe(face: { own: number[] | null; image: FaceImage | null }, signal: AbortSignal): Promise<number[] | null>;
  compare(a: number[], b: number[], signal: AbortSignal): Promise<number>;
  dispose?(): Promise<void>;
}

/** What a matcher module exports: `createFaceMatcher(options)`, sync or async. */
export type CreateFaceMatcher = (options: { timeoutMs: number }) => FaceMatcher | Promise<FaceMatcher>;

export function builtinMatcher(): FaceMatcher {
  return {
    name: FACE_MODEL.name,
    threshold: DEFAULT_FACE_THRESHOLD,
    continuity: DEFAULT_CONTINUITY,
    measuredGood: BUILTIN_MEASURED_GOOD,
    needsImage: false,
    describe: async ({ own }) => (own ? [...own] : null),
    compare: async (a, b) => FACE_MODEL.similarity(a, b),
  };
}

/**
 * The matcher named by `identity.face.engine`: `builtin` (or nothing), or the path of an ES module
 * exporting `createFaceMatcher`. Each of a loaded matcher's calls gets `timeoutMs`; a module that
 * cannot be loaded or does not keep the contract is an error (`not-available`), not a quiet fallback.
 */
export async function loadFaceMatcher(spec: string | undefined, options: { timeoutMs: number; baseDir?: string }): Promise<FaceMatcher> {
  if (!spec || spec === 'builtin') return builtinMatcher();
  const path = isAbsolute(spec) ? spec : resolve(options.baseDir ?? process.cwd(), spec);
  let mod: { createFaceMatcher?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { createFaceMatcher?: unknown };
  } catch (e) {
    throw new KioskError('not-available', `face engine ${spec}: ${e instanceof Error ? e.message : String(e)}`, false, { cause: e });
  }
  if (typeof mod.createFaceMatcher !== 'function') throw new KioskError('not-available', `face engine ${spec} exports no createFaceMatcher()`, false);
  const m = (await (mod.createFaceMatcher as CreateFaceMatcher)({ timeoutMs: options.timeoutMs })) as Partial<FaceMatcher> | null;
  const unit = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
  if (!m || typeof m.name !== 'string' || !unit(m.threshold) || typeof m.describe !== 'function' || typeof m.compare !== 'function') {
    throw new KioskError('not-available', `face engine ${spec}: createFaceMatcher() must return { name, threshold (0–1), describe(), compare() }`, false);
  }
  const vendor = m as FaceMatcher;
  const t = { timeoutMs: options.timeoutMs };
  return {
    name: vendor.name,
    threshold: vendor.threshold,
    continuity: unit(vendor.continuity) ? vendor.continuity : vendor.threshold,
    measuredGood: vendor.measuredGood !== false,
    needsImage: vendor.needsImage !== false,
    describe: (face, signal) => withTimeout(`${vendor.name}: describe`, { ...t, signal }, async (s) => checkTemplate(await vendor.describe(face, s), vendor.name)),
    compare: (a, b, signal) =>
      withTimeout(`${vendor.name}: compare`, { ...t, signal }, async (s) => {
        const score = await vendor.compare(a, b, s);
        if (!unit(score)) throw new KioskError('protocol-error', `${vendor.name}: compare() answered ${String(score)}, not a score from 0 to 1`, false);
        return score;
      }),
    dispose: async () => vendor.dispose?.(),
  };
}

function checkTemplate(t: unknown, name: string): number[] | null {
  if (t === null) return null;
  if (!Array.isArray(t) || t.length === 0 || t.length > 65_536 || !t.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new KioskError('protocol-error', `${name}: describe() must answer an array of numbers or null`, false);
  }
  return t as number[];
}
