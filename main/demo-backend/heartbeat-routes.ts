import { readBody, sendError, sendJson, type RouteContext, type Router } from './router.js';
import type { DemoBackendContext } from './server.js';

/**
 * The fleet heartbeat on the demo back end (README "Sync API"):
 *
 * - `POST /v1/kiosks/:kioskId/heartbeat` (bearer, JSON ≤ 256 KiB, body `kioskId` equal to the path's)
 *   → 200 `{"kioskId","receivedAt"}`; 400 malformed or mismatched, 401 without the token.
 *   The last heartbeat per kiosk is kept, and the last one that carried urgent events.
 * - `GET /v1/kiosks/:kioskId/heartbeat` (bearer) → 200 `{"kioskId","receivedAt","count","heartbeat","lastUrgent"}`
 *   (`lastUrgent`: `{"receivedAt","urgent"}` or null); 404 when that kiosk never sent one.
 */
export function registerHeartbeatRoutes(router: Router, ctx: DemoBackendContext): void {
  ctx.db.exec(`
    CREATE TABLE IF NOT EXISTS kiosk_heartbeats (
      kiosk_id     TEXT PRIMARY KEY,
      body         TEXT NOT NULL,
      received_at  TEXT NOT NULL,
      count        INTEGER NOT NULL,
      last_urgent  TEXT,
      urgent_at    TEXT
    );
  `);
  const upsert = ctx.db.prepare(`
    INSERT INTO kiosk_heartbeats (kiosk_id, body, received_at, count, last_urgent, urgent_at) VALUES (@id, @body, @at, 1, @urgent, @urgentAt)
    ON CONFLICT (kiosk_id) DO UPDATE SET body = excluded.body, received_at = excluded.received_at, count = count + 1,
      last_urgent = COALESCE(excluded.last_urgent, last_urgent), urgent_at = COALESCE(excluded.urgent_at, urgent_at)`);
  const findOne = ctx.db.prepare('SELECT body, received_at AS receivedAt, count, last_urgent AS lastUrgent, urgent_at AS urgentAt FROM kiosk_heartbeats WHERE kiosk_id = ?');

  const unauthorised = ({ req, res }: RouteContext): boolean => {
    if (ctx.authorized(req.headers.authorization)) return false;
    sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
    return true;
  };

  router.post('/v1/kiosks/:kioskId/heartbeat', async (rc) => {
    if (unauthorised(rc)) return;
    const raw = await readBody(rc.req, 256 * 1024);
    if (!raw) return sendError(rc.res, 400, 'too-large', 'body exceeds 256 KiB');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return sendError(rc.res, 400, 'malformed', `body is not JSON (${e instanceof Error ? e.name : 'error'})`);
    }
    const hb = json as { kioskId?: unknown; urgent?: unknown; sentAt?: unknown };
    if (!hb || typeof hb !== 'object' || Array.isArray(hb)) return sendError(rc.res, 400, 'malformed', 'body must be a JSON object');
    if (hb.kioskId !== rc.params.kioskId) return sendError(rc.res, 400, 'kiosk-mismatch', 'body kioskId must equal the path');
    if (hb.urgent !== undefined && !Array.isArray(hb.urgent)) return sendError(rc.res, 400, 'malformed', 'urgent: expected an array');
    const at = new Date().toISOString();
    const urgent = Array.isArray(hb.urgent) && hb.urgent.length > 0 ? JSON.stringify(hb.urgent) : null;
    upsert.run({ id: rc.params.kioskId, body: JSON.stringify(hb), at, urgent, urgentAt: urgent ? at : null });
    sendJson(rc.res, 200, { kioskId: rc.params.kioskId, receivedAt: at });
  });

  router.get('/v1/kiosks/:kioskId/heartbeat', (rc) => {
    if (unauthorised(rc)) return;
    const row = findOne.get(rc.params.kioskId) as { body: string; receivedAt: string; count: number; lastUrgent: string | null; urgentAt: string | null } | undefined;
    if (!row) return sendError(rc.res, 404, 'not-found', 'this kiosk never sent a heartbeat');
    sendJson(rc.res, 200, {
      kioskId: rc.params.kioskId,
      receivedAt: row.receivedAt,
      count: row.count,
      heartbeat: JSON.parse(row.body) as unknown,
      lastUrgent: row.lastUrgent ? { receivedAt: row.urgentAt, urgent: JSON.parse(row.lastUrgent) as unknown } : null,
    });
  });
}
