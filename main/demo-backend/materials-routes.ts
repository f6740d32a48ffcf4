import { createHash } from 'node:crypto';
import createDebug from 'debug';
import { sendError, type Router } from './router.js';
import type { DemoBackendContext } from './server.js';

const debug = createDebug('kiosk:demo-backend');

/**
 * Paper materials on the demo back end (docs/protocol.md §4, "Materials"): a stored submission's
 * `payload.materials` — one PDF per material, `{"type","name","pages","pdfBase64","sha256"}` — are
 * kept in its SQLite file, and
 *
 * - `GET /v1/submissions/:id/materials/:type` (bearer) → 200 `application/pdf` with `X-Material-Pages`
 *   and `X-Material-Sha256`; 404 when that submission carried no such material; 401 without the token.
 *
 * A material whose PDF does not match its `sha256`, or is not a PDF, is not stored (and is logged by
 * type only): the back end never files bytes the kiosk did not mean to send.
 */
export function registerMaterialsRoutes(router: Router, ctx: DemoBackendContext): void {
  ctx.db.exec(`
    CREATE TABLE IF NOT EXISTS submission_materials (
      submission_id TEXT NOT NULL,
      type          TEXT NOT NULL,
      name          TEXT NOT NULL,
      pages         INTEGER NOT NULL,
      sha256        TEXT NOT NULL,
      pdf           BLOB NOT NULL,
      PRIMARY KEY (submission_id, type)
    );
  `);
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO submission_materials (submission_id, type, name, pages, sha256, pdf) VALUES (?, ?, ?, ?, ?, ?)');
  const findOne = ctx.db.prepare('SELECT pages, sha256, pdf FROM submission_materials WHERE submission_id = ? AND type = ?');

  ctx.onSubmission((body) => {
    const materials = body.payload.materials;
    if (!Array.isArray(materials)) return;
    for (const m of materials as unknown[]) {
      const r = m as { type?: unknown; name?: unknown; pages?: unknown; pdfBase64?: unknown; sha256?: unknown };
      if (typeof r.type !== 'string' || typeof r.pdfBase64 !== 'string' || typeof r.sha256 !== 'string' || typeof r.name !== 'string' || typeof r.pages !== 'number') {
        debug('submission %s: a material without type/name/pages/pdfBase64/sha256 was not stored', body.id);
        continue;
      }
      const pdf = Buffer.from(r.pdfBase64, 'base64');
      if (createHash('sha256').update(pdf).digest('hex') !== r.sha256.toLowerCase() || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
        debug('submission %s: material %s does not match its sha256 or is not a PDF; not stored', body.id, r.type.slice(0, 64));
        continue;
      }
      insert.run(body.id, r.type.slice(0, 64), r.name.slice(0, 200), r.pages, r.sha256.toLowerCase(), pdf);
    }
  });

  router.get('/v1/submissions/:id/materials/:type', ({ req, res, params }) => {
    if (!ctx.authorized(req.headers.authorization)) return sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
    const row = findOne.get(params.id, params.type) as { pages: number; sha256: string; pdf: Buffer } | undefined;
    if (!row) return sendError(res, 404, 'not-found', 'no such material for that submission');
    res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': row.pdf.length, 'X-Material-Pages': String(row.pages), 'X-Material-Sha256': row.sha256 });
    res.end(row.pdf);
  });
}
