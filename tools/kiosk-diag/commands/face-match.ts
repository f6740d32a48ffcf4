import { readFileSync, statSync } from 'node:fs';
import { KioskError } from '../../../contracts/errors.js';
import { withTimeout } from '../../../drivers/core/request.js';
import { FaceEngine } from '../../../main/host/identity/face-engine.js';
import { loadFaceMatcher } from '../../../main/host/identity/face-matcher.js';
import { decodeImage, downscale } from '../../../main/host/identity/image-decode.js';
import { Exit, UsageError, parse, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag face-match --id-photo FILE --live FILE [--engine builtin|MODULE] [--threshold N]
 * [--timeout-ms N] [--json]` (docs/protocol.md §6): the kiosk's face match on two pictures (JPEG, PNG or
 * a 24-bit BMP as WLT decoders write), with the same face finder, matcher and threshold as the
 * verify-face step. Prints `{"match","score","threshold","engine"}` and exits 0 either way; 4 when a
 * picture has no face; 3 when the models do not answer within `--timeout-ms`. Nothing is written.
 */
const USAGE = 'usage: kiosk-diag face-match --id-photo FILE --live FILE [--engine builtin|MODULE] [--threshold 0..1] [--timeout-ms N] [--json]';
const MAX_FILE_BYTES = 40 * 1024 * 1024;

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, { 'id-photo': { type: 'string' }, live: { type: 'string' }, threshold: { type: 'string' }, engine: { type: 'string' }, 'timeout-ms': { type: 'string' } } as const);
  if (positionals.length > 0 || !values['id-photo'] || !values.live) throw new UsageError(USAGE);
  let threshold: number | null = null;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new UsageError(`--threshold must be a number from 0 to 1, got "${values.threshold}"`);
  }
  // The first run loads the models (seconds on a busy 2-core kiosk); the budget covers the whole comparison.
  const timeoutMs = values['timeout-ms'] === undefined ? 120_000 : Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000) throw new UsageError(`--timeout-ms must be a whole number from 1000 to 600000, got "${values['timeout-ms']}"`);
  const read = (path: string) => {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) throw new KioskError('bad-request', `${path}: ${size} bytes is larger than ${MAX_FILE_BYTES}`);
    // A phone photo may be 12+ megapixels: decode it whole, then shrink to what the detector uses.
    return downscale(decodeImage(readFileSync(path), 16384, 50_000_000), 1280);
  };
  const id = read(values['id-photo']);
  const live = read(values.live);
  const matcher = await loadFaceMatcher(values.engine, { timeoutMs: Math.min(timeoutMs, 30_000) });
  const t = threshold ?? matcher.threshold;
  const engine = new FaceEngine({ loadTimeoutMs: timeoutMs, frameTimeoutMs: timeoutMs });
  try {
    return await withTimeout('face-match', { timeoutMs }, async (signal) => {
      const template = async (img: typeof id) => {
        const faces = await engine.analyse(img, signal, undefined, matcher.needsImage ? 'never' : 'always');
        const best = faces.sort((a, b) => b.score - a.score)[0];
        return best ? matcher.describe({ own: best.embedding, image: matcher.needsImage ? { ...img, box: best.box } : null }, signal) : null;
      };
      const a = await template(id);
      const b = await template(live);
      if (!a || !b) {
        const which = !a ? values['id-photo'] : values.live;
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
    id.rgb.fill(0);
    live.rgb.fill(0);
    await engine.dispose();
  }
}
