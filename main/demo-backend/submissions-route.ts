import { createHash } from 'node:crypto';
import { canonicalJson } from '../../offline-queue/canonical-json.js';
import { readBody, sendError, sendJson, type Router } from './router.js';
import type { SubmissionStore } from './submission-store.js';

/** Bodies larger than this are refused as malformed (the kiosk's own limit is 16 MiB: ten pages of materials fit). */
const MAX_BODY_BYTES = 24 * 1024 * 1024;

/**
 * `POST /v1/submissions` and `GET /v1/health` of docs/protocol.md §4:
 * 201 stored · 200 same key, same body · 422 same key, different body · 400 malformed ·
 * 409 same key still being processed · 401 missing or wrong bearer token.
 */
export function registerSubmissionRoutes(
  router: Router,
  deps: {
    store: SubmissionStore;
    authorized(authHeader: string | undefined): boolean;
    /** A new submission was stored (not a replay). */
    onCreated?(body: SubmissionBody): void;
    /** The department's own check of a new submission: an error code refuses it (422), null accepts it. */
    refuse?(body: SubmissionBody): string | null;
  },
): void {
  const inProgress = new Set<string>();

  router.get('/v1/health', ({ res }) => sendJson(res, 200, { status: 'ok' }));

  router.post('/v1/submissions', async ({ req, res }) => {
    if (!deps.authorized(req.headers.authorization)) {
      return sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
    }
    const key = idempotencyKey(req.headers['idempotency-key']);
    if (!key) return sendError(res, 400, 'idempotency-key-missing', 'Idempotency-Key header is required (1–255 visible ASCII characters)');
    if (inProgress.has(key)) return sendError(res, 409, 'in-progress', 'a request with this Idempotency-Key is still being processed', { 'Retry-After': '1' });
    inProgress.add(key);
    try {
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (!raw) return sendError(res, 400, 'too-large', `body exceeds ${MAX_BODY_BYTES} bytes`);
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return sendError(res, 400, 'content-type', 'Content-Type must be application/json');
      const parsed = parseSubmission(raw);
      if (typeof parsed === 'string') return sendError(res, 400, 'malformed', parsed);
      if (parsed.id !== key) return sendError(res, 400, 'key-mismatch', 'Idempotency-Key must equal the body id');
      const sha256 = createHash('sha256').update(canonicalJson(parsed)).digest('hex');
      // A refusal is final and not stored: the same body is refused again, never half-accepted.
      const refusal = deps.refuse?.(parsed);
      if (refusal) return sendError(res, 422, refusal, 'the department refused this application');
      const result = deps.store.store({
        id: parsed.id,
        kioskId: parsed.kioskId,
        serviceId: parsed.serviceId,
        createdAt: parsed.createdAt,
        sha256,
        receivedAt: new Date().toISOString(),
        bundleId: parsed.bundle?.id,
        bundleMember: parsed.bundle?.member,
      });
      if (result.kind === 'created') {
        deps.onCreated?.(parsed);
        return sendJson(res, 201, result.receipt, { Location: `/v1/submissions/${encodeURIComponent(parsed.id)}` });
      }
      if (result.kind === 'replay') return sendJson(res, 200, result.receipt);
      return sendError(res, 422, 'idempotency-key-reused', 'this Idempotency-Key was already used with a different body');
    } finally {
      inProgress.delete(key);
    }
  });
}

/** A submission as the kiosk sent it (docs/protocol.md §4). */
export interface SubmissionBody {
  id: string;
  kioskId: string;
  serviceId: string;
  createdAt: string;
  payload: Record<string, unknown>;
  /** Set on each member of a life-event bundle: the bundle submission's id, the bundle's id, this member's place and the member count. */
  bundle?: { id: string; bundle: string; member: number; members: number };
}

/** Accepts the raw id, or an RFC 8941 sf-string (`"…"`) as the IETF idempotency draft writes it. */
function idempotencyKey(h: string | string[] | undefined): string | undefined {
  if (typeof h !== 'string') return undefined;
  let k = h.trim();
  if (k.length >= 2 && k.startsWith('"') && k.endsWith('"')) k = k.slice(1, -1);
  return /^[\x21-\x7e]{1,255}$/.test(k) && !k.includes('"') ? k : undefined;
}

/** Returns the body, or a message naming what is wrong (field names only, never values). */
function parseSubmission(raw: Buffer): SubmissionBody | string {
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    return `body is not JSON (${e instanceof Error ? e.name : 'error'})`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'body must be a JSON object';
  const b = v as Record<string, unknown>;
  for (const f of ['id', 'kioskId', 'serviceId', 'createdAt'] as const) {
    if (typeof b[f] !== 'string' || (b[f] as string).length === 0 || (b[f] as string).length > 255) return `"${f}" must be a non-empty string`;
  }
  if (Number.isNaN(Date.parse(b.createdAt as string))) return '"createdAt" must be an ISO 8601 date-time';
  if (typeof b.payload !== 'object' || b.payload === null || Array.isArray(b.payload)) return '"payload" must be a JSON object';
  if (b.bundle !== undefined) {
    const l = b.bundle as Record<string, unknown> | null;
    const ok =
      typeof l === 'object' && l !== null && typeof l.id === 'string' && l.id.length > 0 && l.id.length <= 255 && typeof l.bundle === 'string' && l.bundle.length > 0 && l.bundle.length <= 64
      && Number.isInteger(l.member) && Number.isInteger(l.members) && (l.members as number) >= 1 && (l.members as number) <= 20 && (l.member as number) >= 0 && (l.member as number) < (l.members as number);
    if (!ok) return '"bundle" must be { id, bundle, member, members } with 0 ≤ member < members ≤ 20';
  }
  return b as unknown as SubmissionBody;
}
