import { findDemoCardByIdNumber } from './service-demo-cards.js';
import { E_CERTIFICATES, EGOV_QR_CODES, HOUSING_FUND, QUEUES, REAL_ESTATE, SOCIAL_INSURANCE, type LookupResult } from './service-demo-data.js';
import { MORE_LOOKUPS } from './service-demo-data-more.js';
import { readBody, sendError, sendJson, type RouteContext, type Router } from './router.js';
import type { DemoBackendContext } from './server.js';

const LOOKUPS: Record<string, Record<string, LookupResult>> = {
  'social-insurance-records': SOCIAL_INSURANCE,
  'housing-fund-balance': HOUSING_FUND,
  'real-estate-records': REAL_ESTATE,
  'e-certificates': E_CERTIFICATES,
  ...MORE_LOOKUPS,
};

/**
 * The citizen-service routes of the demo back end; all need the bearer token.
 *
 * - `POST /v1/lookups/:query` body `{"idNumber","params"}` → 200 `{"summary","rows"}`; 404 `not-found`
 *   when the person has no record; 404 `unknown-query`. The ID number travels in the body, never the URL.
 * - `POST /v1/identity/qr` body `{"code"}` → 200 `{"card"}` (the full card, for the host's session only);
 *   404 `not-found` for a code that is no citizen's e-government code.
 * - `POST /v1/queue-tickets` body `{"queue"}` → 201 `{"number","window","windowEn","peopleAhead","issuedAt"}`.
 */
export function registerServiceRoutes(router: Router, ctx: DemoBackendContext): void {
  ctx.db.exec(`CREATE TABLE IF NOT EXISTS queue_ticket_counters (queue TEXT PRIMARY KEY, day TEXT NOT NULL, last INTEGER NOT NULL)`);
  const nextNumber = ctx.db.transaction((queue: string, day: string): number => {
    const row = ctx.db.prepare('SELECT day, last FROM queue_ticket_counters WHERE queue = ?').get(queue) as { day: string; last: number } | undefined;
    const n = row && row.day === day ? row.last + 1 : 1;
    ctx.db.prepare('INSERT INTO queue_ticket_counters (queue, day, last) VALUES (?, ?, ?) ON CONFLICT (queue) DO UPDATE SET day = excluded.day, last = excluded.last').run(queue, day, n);
    return n;
  });

  const unauthorised = ({ req, res }: RouteContext): boolean => {
    if (ctx.authorized(req.headers.authorization)) return false;
    sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
    return true;
  };
  const jsonBody = async (rc: RouteContext): Promise<Record<string, unknown> | undefined> => {
    const raw = await readBody(rc.req, 64 * 1024);
    if (!raw) {
      sendError(rc.res, 400, 'too-large', 'body too large');
      return undefined;
    }
    try {
      const v: unknown = JSON.parse(raw.toString('utf8'));
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch (e) {
      sendError(rc.res, 400, 'malformed', `body is not JSON: ${(e as Error).message}`);
      return undefined;
    }
    sendError(rc.res, 400, 'malformed', 'body must be a JSON object');
    return undefined;
  };

  router.post('/v1/lookups/:query', async (rc) => {
    if (unauthorised(rc)) return;
    const table = LOOKUPS[rc.params.query ?? ''];
    if (!table) return sendError(rc.res, 404, 'unknown-query', `no lookup named "${rc.params.query}"`);
    const body = await jsonBody(rc);
    if (!body) return;
    if (typeof body.idNumber !== 'string' || !body.idNumber) return sendError(rc.res, 400, 'malformed', 'idNumber is required');
    const found = table[body.idNumber];
    if (!found) return sendError(rc.res, 404, 'not-found', 'no record for this person');
    sendJson(rc.res, 200, found);
  });

  router.post('/v1/identity/qr', async (rc) => {
    if (unauthorised(rc)) return;
    const body = await jsonBody(rc);
    if (!body) return;
    const idNumber = typeof body.code === 'string' ? EGOV_QR_CODES[body.code.trim()] : undefined;
    const card = idNumber ? findDemoCardByIdNumber(idNumber) : undefined;
    if (!card) return sendError(rc.res, 404, 'not-found', 'this code is not a valid e-government code');
    sendJson(rc.res, 200, { card: { ...card, photo: null, warnings: [] } });
  });

  router.post('/v1/queue-tickets', async (rc) => {
    if (unauthorised(rc)) return;
    const body = await jsonBody(rc);
    if (!body) return;
    const queue = typeof body.queue === 'string' ? QUEUES[body.queue] : undefined;
    if (!queue) return sendError(rc.res, 400, 'unknown-queue', 'no such queue');
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const n = nextNumber(body.queue as string, day);
    sendJson(rc.res, 201, {
      number: `${queue.letter}${String(n).padStart(3, '0')}`,
      window: queue.window,
      windowEn: queue.windowEn,
      peopleAhead: queue.waiting + ((n * 7) % 4),
      issuedAt: now.toISOString(),
    });
  });
}
