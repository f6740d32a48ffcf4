import { existsSync, readFileSync, statSync } from 'node:fs';
import { KioskError } from '../../../contracts/errors.js';
import { withTimeout } from '../../../drivers/core/request.js';
import { FaceEngine } from '../../../main/host/identity/face-engine.js';
import { loadFaceMatcher } from '../../../main/host/identity/face-matcher.js';
import type { RgbFrame } from '../../../main/host/identity/face-engine.js';
import { decodeImage } from '../../../main/host/identity/image-decode.js';
import { decodePhoto } from '../../../main/host/identity/photo-decode.js';
import { Exit, UsageError, parse, type CommandContext } from '../cli.js';
import { matchPairs, readPairList, summaryLines } from '../face-match-pairs.js';

/**
 * `kiosk-diag face-match --id-photo FILE --live FILE [--engine builtin|MODULE] [--threshold N]
 * [--timeout-sec N] [--json]` (docs/protocol.md §6): the kiosk's face match on two pictures (JPEG,
 * PNG or a 24-bit BMP as WLT decoders write), with the same face finder, matcher and threshold as
 * the verify-face step. Prints `{"match","score","threshold","engine"}` and exits 0 either way; 4
 * when a picture has no face; 3 when it takes longer than `--timeout-sec` (default 120: decoding,
 * loading the models and both analyses). Nothing is written anywhere.
 *
 * `--pairs FILE` instead of the two pictures scores a list of pairs (face-match-pairs.ts) the same
 * way, loading the models once: exit 0 when every picture had a face, 4 otherwise.
 */
export const USAGE = [
  'usage: kiosk-diag face-match --id-photo FILE --live FILE [--engine builtin|MODULE] [--threshold 0..1] [--timeout-sec N] [--json]',
  '       kiosk-diag face-match --pairs LIST.json [--engine …] [--threshold …] [--timeout-sec N] [--json]',
  '         LIST.json: {"pairs":[{"id":"id/a.png","live":"live/b.jpg","same":true}]}, paths relative to the list',
].join('\n');
const MAX_FILE_BYTES = 40 * 1024 * 1024;

/** The command's options, checked before the models take seconds to load. */
function options(ctx: CommandContext) {
  const { values, positionals } = parse(ctx.argv, { 'id-photo': { type: 'string' }, live: { type: 'string' }, threshold: { type: 'string' }, engine: { type: 'string' }, 'timeout-sec': { type: 'string' }, pairs: { type: 'string' } } as const);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const list = values.pairs !== undefined ? readPairList(values.pairs) : null;
  if (list && (values['id-photo'] || values.live)) throw new UsageError('--pairs replaces --id-photo and --live');
  if (!list && (!values['id-photo'] || !values.live)) throw new UsageError('--id-photo FILE and --live FILE are required (or --pairs LIST.json)');
  const idPath = values['id-photo'] ?? '';
  const livePath = values.live ?? '';
  let threshold: number | null = null;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new UsageError(`--threshold must be a number from 0 to 1, got "${values.threshold}"`);
  }
  // A mistyped path is the technician's typo, said before the models take seconds to load.
  if (!list) {
    for (const [opt, path] of [['id-photo', idPath], ['live', livePath]] as const) {
      if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--${opt} ${path}: no such file`);
    }
  }
  // A list takes longer: a few seconds a picture on a busy 2-core machine, on top of loading the models.
  const defaultSec = list ? Math.min(3600, 120 + 10 * list.pairs.length) : 120;
  const timeoutSec = values['timeout-sec'] === undefined ? defaultSec : Number(values['timeout-sec']);
  if (!Number.isInteger(timeoutSec) || timeoutSec < 1 || timeoutSec > 3600) throw new UsageError(`--timeout-sec must be a whole number of seconds from 1 to 3600, got "${values['timeout-sec']}"`);
  return { list, idPath, livePath, threshold, timeoutSec, engine: values.engine };
}

/** A picture decoded as the kiosk decodes it, within what is left of the deadline. */
function readPicture(path: string, deadline: number) {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) throw new KioskError('bad-request', `${path}: ${size} bytes is larger than ${MAX_FILE_BYTES}`);
  const bytes = readFileSync(path);
  // A picture the size of a camera frame or an ID photo is decoded by the kiosk's own decoders, so
  // the score is the one the verify-face step would give (JPEG decoders differ in the last bit of
  // a pixel, which moves a score by a few thousandths). A phone photo may be 12–50 megapixels:
  // decoded already shrunk to what the detector uses.
  try {
    return decodeImage(bytes);
  } catch (e) {
    if (!(e instanceof KioskError) || !/is larger than/.test(e.message)) throw e;
  }
  return decodePhoto(bytes, { maxEdge: 1280, timeoutMs: Math.max(1000, deadline - Date.now()) });
}

export async function run(ctx: CommandContext): Promise<number> {
  const { list, idPath, livePath, threshold, timeoutSec, engine: engineName } = options(ctx);
  // The models take seconds to load and run: say what is happening (stderr, so stdout stays the result).
  const progress = (line: string) => {
    if (!ctx.json) ctx.log(line);
  };
  const timeoutMs = timeoutSec * 1000;
  const deadline = Date.now() + timeoutMs;
  const read = (path: string) => readPicture(path, deadline);
  const matcher = await loadFaceMatcher(engineName, { timeoutMs: Math.min(timeoutMs, 30_000) });
  const t = threshold ?? matcher.threshold;
  const engine = new FaceEngine({ loadTimeoutMs: timeoutMs, frameTimeoutMs: timeoutMs });
  const pictures: RgbFrame[] = [];
  let first = true;
  try {
    return await withTimeout('face-match', { timeoutMs }, async (signal) => {
      const template = async (path: string) => {
        const img = await read(path);
        pictures.push(img);
        // The engine loads its models on the first picture: that one takes most of the time.
        if (first || !list) progress(`${first ? 'loading the face models, then ' : ''}looking for a face in ${path}…`);
        first = false;
        const faces = await engine.analyse(img, signal, undefined, matcher.needsImage ? 'never' : 'always');
        const best = faces.sort((a, b) => b.score - a.score)[0];
        try {
          return best ? await matcher.describe({ own: best.embedding, image: matcher.needsImage ? { ...img, box: best.box } : null }, signal) : null;
        } finally {
          // In a list the pictures are many: each is wiped once described rather than at the end.
          if (list) img.rgb.fill(0);
        }
      };
      if (list) {
        const out = await matchPairs(list, matcher, t, template, signal, (done, total) => {
          if (done % 10 === 0 || done === total) progress(`${done} of ${total} pictures analysed`);
        });
        if (ctx.json) ctx.out({ engine: matcher.name, threshold: t, pairs: out.results, summary: out.summary });
        else for (const line of summaryLines(out.summary, t, matcher.name)) ctx.print(line);
        return out.summary.noFace.length ? Exit.device : Exit.ok;
      }
      const a = await template(idPath);
      const b = await template(livePath);
      if (!a || !b) {
        const which = !a ? idPath : livePath;
        if (ctx.json) ctx.out({ match: false, score: 0, threshold: t, engine: matcher.name, error: { code: 'no-face', message: `no face found in ${which}` } });
        else ctx.log(`no face found in ${which}`);
        return Exit.device;
      }
      const score = await matcher.compare(a, b, signal);
      const match = score >= t;
      if (ctx.json) ctx.out({ match, score, threshold: t, engine: matcher.name });
      else ctx.print(`${match ? 'match' : 'no match'}: similarity ${score.toFixed(3)} (threshold ${t}, engine ${matcher.name})`);
      return Exit.ok;
    });
  } finally {
    for (const p of pictures) p.rgb.fill(0);
    await engine.dispose();
  }
}
