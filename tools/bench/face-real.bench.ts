import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DescriptorKind } from '../../main/host/identity/face-engine-types.js';
import { FaceEngine } from '../../main/host/identity/face-engine.js';
import { FACE_MODEL } from '../../main/host/identity/face-model.js';
import { cosineSimilarity, euclideanSimilarity, librarySimilarity } from '../../main/host/identity/face-similarity.js';
import { DEFAULT_FACE_THRESHOLD } from '../../main/host/identity/face-threshold.js';
import { decodeImage } from '../../main/host/identity/image-decode.js';
import { equalErrorRate, quantiles, ratesAt, seededShuffle, thresholdForFar } from './face-real/metrics.js';

/**
 * The face match on real photographs: candidate engines over the real-face set (ID-card-like photo
 * against a webcam-like frame of a different photograph of the person), genuine and impostor score
 * distributions, FRR where FAR ≤ 1 %, 0.5 %, 0.1 %, the equal error rate, the same on Chinese pairs
 * alone, per try, and a threshold cross-validated across people. The photographs are for
 * measurement only: they are read from their folder and only figures are printed.
 *
 * FACE_REAL_DIR names the set's folder (default `../shared/data/real-faces` from the repository).
 * A try is approximated by two frames: two different photographs of the person in front of the
 * camera, the try keeping the better score (as face-try.ts keeps the best of its frontal frames).
 */

const dir = resolve(process.env.FACE_REAL_DIR ?? join(process.cwd(), '..', 'shared', 'data', 'real-faces'));
if (!existsSync(join(dir, 'manifest.json'))) {
  console.log(`REAL-FACE SET ABSENT: ${dir} has no manifest.json; nothing measured (set FACE_REAL_DIR to the folder)`);
  process.exit(0);
}

interface Manifest {
  people: Record<string, { sex: string; set: string }>;
  pairs: { id: string; live: string; same: boolean; person_id: string; person_live: string }[];
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const chinese = (person: string) => manifest.people[person]?.set === 'Asian_faces' || person.startsWith('cn');
const personOf = (file: string) => file.replace(/^.*\//, '').replace(/_\d+\.\w+$/, '');
const sourceOf = (file: string) => file.replace(/^.*\//, '').replace(/\.\w+$/, '');

const KINDS: DescriptorKind[] = ['faceres', 'faceres-aligned', 'dlib'];
interface Seen {
  file: string;
  person: string;
  source: string;
  yaw: number;
  d: Partial<Record<DescriptorKind, number[]>>;
}

const engine = new FaceEngine({ frameTimeoutMs: 30_000, allDescriptors: true });
const t0 = performance.now();
await engine.warm();
console.log(`models loaded in ${(performance.now() - t0).toFixed(0)} ms`);

// Each picture is analysed once (every descriptor from one detection); pairs only compare numbers.
const noFace: string[] = [];
async function analyseAll(sub: 'id' | 'live'): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const f of readdirSync(join(dir, sub)).sort()) {
    const file = `${sub}/${f}`;
    const img = decodeImage(readFileSync(join(dir, file)));
    const faces = await engine.analyse(img, undefined, KINDS);
    const best = faces.sort((a, b) => b.score - a.score)[0];
    if (!best) noFace.push(file);
    out.push({ file, person: personOf(file), source: sourceOf(file), yaw: best?.yaw ?? 0, d: best?.descriptors ?? {} });
  }
  return out;
}
const ids = await analyseAll('id');
const lives = await analyseAll('live');
const people = [...new Set([...ids, ...lives].map((s) => s.person))].sort();
console.log(`set: ${dir}\n  ${people.length} people (${people.filter(chinese).length} Chinese), ${ids.length} ID photos, ${lives.length} camera frames, ${manifest.pairs.length} listed pairs; no face found in: ${noFace.length ? noFace.join(', ') : 'none'}`);

type Score = (a: Seen, b: Seen) => number | null;
const by = (kind: DescriptorKind, f: (x: readonly number[], y: readonly number[]) => number): Score => (a, b) => (a.d[kind] && b.d[kind] ? f(a.d[kind]!, b.d[kind]!) : null);
const CANDIDATES: { name: string; score: Score }[] = [
  { name: 'FaceRes, library crop, library similarity (first version)', score: by('faceres', librarySimilarity) },
  { name: 'FaceRes, library crop, cosine', score: by('faceres', cosineSimilarity) },
  { name: 'FaceRes, 5-point aligned, cosine', score: by('faceres-aligned', cosineSimilarity) },
  { name: 'dlib ResNet, 5-point aligned, cosine', score: by('dlib', cosineSimilarity) },
  { name: 'dlib ResNet, 5-point aligned, 1 − Euclidean', score: by('dlib', euclideanSimilarity) },
  {
    name: 'mean of dlib and aligned FaceRes cosines',
    score: (a, b) => {
      const x = by('dlib', cosineSimilarity)(a, b);
      const y = by('faceres-aligned', cosineSimilarity)(a, b);
      return x === null || y === null ? null : Math.round(((x + y) / 2) * 1000) / 1000;
    },
  },
];

const byFile = new Map([...ids, ...lives].map((s) => [s.file, s]));
const livesOf = new Map(people.map((p) => [p, lives.filter((l) => l.person === p)]));
interface Scored {
  score: number;
  same: boolean;
  cn: boolean;
  idPerson: string;
  livePerson: string;
}
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Listed pairs, every (ID, frame) pair, and every try (ID photo, two frames of one person). */
function scoreSets(score: Score, keep: (p: string) => boolean = () => true) {
  const listed: Scored[] = [];
  for (const p of manifest.pairs) {
    const s = score(byFile.get(p.id)!, byFile.get(p.live)!);
    // A picture with no face counts as a rejection for a genuine pair and as no accept for an impostor.
    listed.push({ score: s ?? 0, same: p.same, cn: chinese(p.person_id) && chinese(p.person_live), idPerson: p.person_id, livePerson: p.person_live });
  }
  const frames: Scored[] = [];
  const tries: Scored[] = [];
  for (const id of ids) {
    if (!keep(id.person)) continue;
    for (const person of people) {
      if (!keep(person)) continue;
      // Never the same photograph on both sides.
      const ls = livesOf.get(person)!.filter((l) => l.source !== id.source);
      const ss = ls.map((l) => score(id, l) ?? 0);
      const base = { same: person === id.person, cn: chinese(person) && chinese(id.person), idPerson: id.person, livePerson: person };
      for (const s of ss) frames.push({ score: s, ...base });
      for (let i = 0; i < ss.length; i++) for (let j = i + 1; j < ss.length; j++) tries.push({ score: Math.max(ss[i]!, ss[j]!), ...base });
    }
  }
  return { listed, frames, tries };
}

function figures(label: string, xs: Scored[], fixed?: number): string {
  const g = xs.filter((x) => x.same).map((x) => x.score);
  const im = xs.filter((x) => !x.same).map((x) => x.score);
  if (!g.length || !im.length) return `  ${label}: too few pairs`;
  const gq = quantiles(g);
  const iq = quantiles(im);
  const at = (far: number) => {
    const t = thresholdForFar(im, far);
    return `FRR ${pct(ratesAt(g, im, t).frr)} @ FAR≤${far * 100}% (t ${t.toFixed(3)})`;
  };
  const eer = equalErrorRate(g, im);
  let line = `  ${label} [${g.length} genuine / ${im.length} impostor]: genuine median ${gq.median.toFixed(3)} (min ${gq.min.toFixed(3)}, p05 ${gq.p05.toFixed(3)}); impostor median ${iq.median.toFixed(3)} (p95 ${iq.p95.toFixed(3)}, max ${iq.max.toFixed(3)})\n      EER ${pct(eer.eer)}; ${at(0.01)}; ${at(0.005)}; ${at(0.001)}`;
  if (fixed !== undefined) {
    const r = ratesAt(g, im, fixed);
    line += `\n      at the shipped threshold ${fixed}: FAR ${pct(r.far)}, FRR ${pct(r.frr)}`;
  }
  return line;
}

/** Threshold for FAR ≤ 0.5 % per try chosen on half the people, measured on the other half. */
function crossValidated(score: Score, splits = 20): string {
  const frr: number[] = [];
  const far: number[] = [];
  for (let seed = 1; seed <= splits; seed++) {
    // Stratified: half the Chinese people and half the others on each side.
    const cn = seededShuffle(people.filter(chinese), seed);
    const other = seededShuffle(people.filter((p) => !chinese(p)), seed * 7919);
    const a = new Set([...cn.slice(0, cn.length >> 1), ...other.slice(0, other.length >> 1)]);
    for (const [train, test] of [[(p: string) => a.has(p), (p: string) => !a.has(p)], [(p: string) => !a.has(p), (p: string) => a.has(p)]] as const) {
      const tr = scoreSets(score, train).tries;
      const te = scoreSets(score, test).tries;
      const t = thresholdForFar(tr.filter((x) => !x.same).map((x) => x.score), 0.005);
      const r = ratesAt(te.filter((x) => x.same).map((x) => x.score), te.filter((x) => !x.same).map((x) => x.score), t);
      frr.push(r.frr);
      far.push(r.far);
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return `  cross-validated (threshold for FAR≤0.5% per try on half the people, ${splits} random halvings, measured on the other half): FRR ${pct(mean(frr))} (${pct(Math.min(...frr))}–${pct(Math.max(...frr))}), FAR ${pct(mean(far))} (max ${pct(Math.max(...far))})`;
}

const only = process.env.FACE_REAL_CANDIDATES;
for (const c of CANDIDATES) {
  if (only && !c.name.includes(only)) continue;
  const s = scoreSets(c.score);
  console.log(`\n--- ${c.name}`);
  console.log(figures('listed pairs, per frame', s.listed));
  console.log(figures('listed pairs, Chinese only', s.listed.filter((x) => x.cn)));
  console.log(figures('all pairs, per frame', s.frames));
  console.log(figures('all tries (best of 2 frames)', s.tries));
  console.log(figures('all tries, Chinese only', s.tries.filter((x) => x.cn)));
  console.log(crossValidated(c.score));
}

// The engine and threshold as shipped: the production path (JPEG frame decoded and analysed in the worker).
const shipped = by(FACE_MODEL.descriptor, FACE_MODEL.similarity);
const s = scoreSets(shipped);
console.log(`\n=== shipped: ${FACE_MODEL.name}, threshold ${DEFAULT_FACE_THRESHOLD}`);
console.log(figures('listed pairs, per frame', s.listed, DEFAULT_FACE_THRESHOLD));
console.log(figures('all tries (best of 2 frames)', s.tries, DEFAULT_FACE_THRESHOLD));
console.log(figures('all tries, Chinese only', s.tries.filter((x) => x.cn), DEFAULT_FACE_THRESHOLD));
console.log(crossValidated(shipped));

// The technician's tool gives the same answers as the bench: `kiosk-diag face-match --pairs` on the
// set's own list, scored by the CLI (its decoders, its matcher, its threshold) pair for pair.
{
  const cli = spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'face-match', '--pairs', join(dir, 'manifest.json'), '--json'], { encoding: 'utf8', timeout: 3_600_000, maxBuffer: 16 * 1024 * 1024 });
  if (cli.status !== 0 && cli.status !== 4) {
    console.log(`\nkiosk-diag face-match --pairs: exit ${cli.status}: ${(cli.stderr || cli.stdout).trim().split('\n').pop()}`);
  } else {
    const out = JSON.parse(cli.stdout) as { threshold: number; pairs: { id: string; live: string; score: number | null; match: boolean }[]; summary: { frr: number; far: number; noFace: string[] } };
    let maxDelta = 0;
    let differ = 0;
    for (const p of out.pairs) {
      const bench = shipped(byFile.get(p.id)!, byFile.get(p.live)!);
      if ((bench === null) !== (p.score === null)) differ++;
      if (bench === null || p.score === null) continue;
      maxDelta = Math.max(maxDelta, Math.abs(bench - p.score));
      if (bench >= DEFAULT_FACE_THRESHOLD !== p.match) differ++;
    }
    console.log(`\nkiosk-diag face-match --pairs on the listed pairs: FRR ${pct(out.summary.frr)}, FAR ${pct(out.summary.far)} at ${out.threshold}; against the bench: max |score difference| ${maxDelta.toFixed(4)}, decisions that differ ${differ} of ${out.pairs.length}; pictures without a face: ${out.summary.noFace.length ? out.summary.noFace.join(', ') : 'none'}`);
  }
}

// Liveness continuity: the turned face against the frontal one of the same try. Here: two
// photographs of one person in different poses against two of different people.
const sameLive: { score: number; dyaw: number }[] = [];
const otherLive: number[] = [];
for (let i = 0; i < lives.length; i++) {
  for (let j = i + 1; j < lives.length; j++) {
    const v = shipped(lives[i]!, lives[j]!);
    if (v === null) continue;
    if (lives[i]!.person === lives[j]!.person) sameLive.push({ score: v, dyaw: Math.abs(lives[i]!.yaw - lives[j]!.yaw) });
    else otherLive.push(v);
  }
}
const turned = sameLive.filter((x) => x.dyaw >= 0.2).map((x) => x.score);
const sameScores = sameLive.map((x) => x.score);
console.log(`\ncontinuity (frame against frame, shipped descriptor): same person ${sameScores.length} pairs, median ${quantiles(sameScores).median.toFixed(3)}, min ${quantiles(sameScores).min.toFixed(3)}; yaw apart ≥ 0.2 rad: ${turned.length} pairs, min ${turned.length ? quantiles(turned).min.toFixed(3) : '-'}; other people ${otherLive.length} pairs, median ${quantiles(otherLive).median.toFixed(3)}, p99 ${[...otherLive].sort((a, b) => a - b)[Math.floor(otherLive.length * 0.99)]!.toFixed(3)}, max ${quantiles(otherLive).max.toFixed(3)}`);
for (const t of [0.6, 0.7, 0.75, 0.8, 0.85]) {
  const r = ratesAt(sameScores, otherLive, t);
  console.log(`  continuity bar ${t}: same person refused ${pct(r.frr)}, another person let through ${pct(r.far)}`);
}

const ms: number[] = [];
let prodNoFace = 0;
for (const l of readdirSync(join(dir, 'live')).sort()) {
  const jpeg = readFileSync(join(dir, 'live', l));
  const t = performance.now();
  const r = await engine.analyseJpeg(jpeg);
  ms.push(performance.now() - t);
  if (!r.faces.some((f) => f.embedding)) prodNoFace++;
}
const q = quantiles(ms);
console.log(`\none 640×480 camera frame, production path (JPEG decode, detect, mesh, ${FACE_MODEL.descriptor} descriptor, antispoof, liveness): median ${q.median.toFixed(0)} ms, p95 ${q.p95.toFixed(0)} ms over ${ms.length} frames; frames without a described face: ${prodNoFace}`);
await engine.dispose();
