import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { KioskError } from '../../contracts/errors.js';
import type { FaceMatcher } from '../../main/host/identity/face-matcher.js';
import { UsageError } from './cli.js';

/**
 * `kiosk-diag face-match --pairs FILE`: a hall checking a face engine on its own photographs (or a
 * vendor's engine on the same set as ours) runs every listed pair through exactly the path a single
 * `face-match` takes, with the models loaded once. Each picture is analysed once, however many pairs
 * name it. The list is JSON: `{ "pairs": [{ "id": "id/a.png", "live": "live/b.jpg", "same": true }] }`,
 * paths relative to the list's folder (the real-face set's `manifest.json` has this shape).
 */

const MAX_LIST_BYTES = 5 * 1024 * 1024;
const MAX_PAIRS = 10_000;

const PairList = z.object({
  pairs: z
    .array(z.object({ id: z.string().min(1).max(1000), live: z.string().min(1).max(1000), same: z.boolean().optional() }))
    .min(1)
    .max(MAX_PAIRS),
});
export type PairList = z.infer<typeof PairList>;

export interface PairResult {
  id: string;
  live: string;
  same: boolean | null;
  score: number | null;
  match: boolean;
  /** `no-face`: the engine found no face in `id` or `live` (the pair counts as not matched). */
  error?: { code: 'no-face'; message: string };
}

export interface PairsSummary {
  pairs: number;
  genuine: number;
  impostor: number;
  falseRejects: number;
  falseAccepts: number;
  /** Of the pairs marked `same`; null when none is. */
  frr: number | null;
  far: number | null;
  /** Pictures in which no face was found. */
  noFace: string[];
}

/** The list, read with bounds; a malformed list is the technician's mistake: a usage error in one line. */
export function readPairList(file: string): { dir: string; pairs: PairList['pairs'] } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`--pairs ${file}: no such file`);
  }
  if (size > MAX_LIST_BYTES) throw new UsageError(`--pairs ${file}: ${size} bytes, over the limit of ${MAX_LIST_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--pairs ${file}: not JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const parsed = PairList.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(`--pairs ${file}: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return { dir: dirname(resolve(file)), pairs: parsed.data.pairs };
}

/**
 * Score every pair. `template(path)` is the single-pair command's own analysis (decode, find the
 * face, describe it with the matcher); it is called once per distinct picture.
 */
export async function matchPairs(
  list: { dir: string; pairs: PairList['pairs'] },
  matcher: FaceMatcher,
  threshold: number,
  template: (path: string) => Promise<number[] | null>,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<{ results: PairResult[]; summary: PairsSummary }> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(list.dir, p));
  const pictures = [...new Set(list.pairs.flatMap((p) => [at(p.id), at(p.live)]))];
  const templates = new Map<string, number[] | null>();
  try {
    for (const [i, path] of pictures.entries()) {
      if (signal.aborted) throw new KioskError('cancelled', 'face-match --pairs: stopped');
      templates.set(path, await template(path));
      progress(i + 1, pictures.length);
    }
    const results: PairResult[] = [];
    for (const p of list.pairs) {
      const a = templates.get(at(p.id)) ?? null;
      const b = templates.get(at(p.live)) ?? null;
      const same = p.same ?? null;
      if (!a || !b) {
        results.push({ id: p.id, live: p.live, same, score: null, match: false, error: { code: 'no-face', message: `no face found in ${!a ? p.id : p.live}` } });
        continue;
      }
      const score = await matcher.compare(a, b, signal);
      results.push({ id: p.id, live: p.live, same, score, match: score >= threshold });
    }
    return { results, summary: summarise(results, list.dir, templates) };
  } finally {
    // Templates are personal data: dropped with the run.
    for (const t of templates.values()) t?.fill(0);
  }
}

function summarise(results: PairResult[], dir: string, templates: Map<string, number[] | null>): PairsSummary {
  const genuine = results.filter((r) => r.same === true);
  const impostor = results.filter((r) => r.same === false);
  const falseRejects = genuine.filter((r) => !r.match).length;
  const falseAccepts = impostor.filter((r) => r.match).length;
  const shown = (p: string) => (p.startsWith(dir + '/') ? p.slice(dir.length + 1) : p);
  return {
    pairs: results.length,
    genuine: genuine.length,
    impostor: impostor.length,
    falseRejects,
    falseAccepts,
    frr: genuine.length ? falseRejects / genuine.length : null,
    far: impostor.length ? falseAccepts / impostor.length : null,
    noFace: [...templates.entries()].filter(([, t]) => !t).map(([p]) => shown(p)),
  };
}

/** The summary as the technician reads it. */
export function summaryLines(s: PairsSummary, threshold: number, engine: string): string[] {
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
  return [
    `${s.pairs} pairs (${s.genuine} same person, ${s.impostor} different), engine ${engine}, threshold ${threshold}`,
    `false rejects ${s.falseRejects} (FRR ${pct(s.frr)}), false accepts ${s.falseAccepts} (FAR ${pct(s.far)})`,
    `pictures without a face: ${s.noFace.length ? s.noFace.join(', ') : 'none'}`,
  ];
}
