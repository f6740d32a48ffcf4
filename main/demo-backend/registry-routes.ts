import { createHash } from 'node:crypto';
import { checkUscc } from '../../contracts/uscc.js';
import { maskName } from '../../contracts/mask.js';
import { PrintAudit, type LicenseRecord } from '../../documents/license/license-data.js';
import { idNumberSha256 } from '../../documents/license/license-authorisation.js';
import { canonicalJson } from '../../offline-queue/canonical-json.js';
import { DEMO_ENTERPRISES, type DemoEnterprise } from './registry-demo-data.js';
import { readBody, sendError, sendJson, type RouteContext, type Router } from './router.js';
import type { DemoBackendContext } from './server.js';

/**
 * The registry lookups of the business-license flow, on the demo back end:
 *
 * - `GET /v1/registry/licenses/:uscc` (bearer) → 200 {@link LicenseRecord}: the license data, who may
 *   print it (masked name + SHA-256 of the ID number, never the number) and how many sheets;
 *   400 `bad-uscc` when the code is malformed or its GB 32100 check character is wrong; 404 `not-found`.
 * - `GET /v1/registry/verify/:uscc` (public): what the license's QR code opens.
 * - `POST /v1/registry/print-audits` (bearer, `Idempotency-Key` = body id): records a print, spoiled
 *   sheet or refusal: 201 stored, 200 the same again, 422 same key with another body, 400 malformed.
 * - `GET /v1/registry/print-audits?uscc=CODE` (bearer): the audits recorded for a code, oldest first,
 *   including those the kiosks queued offline as submissions of service `license-print-audit`.
 */
export function registerRegistryRoutes(router: Router, ctx: DemoBackendContext): void {
  const byCode = new Map(DEMO_ENTERPRISES.map((e) => [e.uscc, e]));
  ctx.db.exec(`
    CREATE TABLE IF NOT EXISTS license_print_audits (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      id          TEXT NOT NULL UNIQUE,
      uscc        TEXT NOT NULL,
      body        TEXT NOT NULL,
      body_sha256 TEXT NOT NULL,
      received_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS license_print_audits_uscc ON license_print_audits (uscc);
  `);
  const insert = ctx.db.prepare('INSERT INTO license_print_audits (id, uscc, body, body_sha256, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const findOne = ctx.db.prepare('SELECT body_sha256 AS sha, received_at AS receivedAt FROM license_print_audits WHERE id = ?');
  const listFor = ctx.db.prepare('SELECT body, received_at AS receivedAt FROM license_print_audits WHERE uscc = ? ORDER BY seq');

  // Kiosks queue their audits offline (service `license-print-audit`): file them with the registry's own.
  ctx.onSubmission((b) => {
    if (b.serviceId !== 'license-print-audit') return;
    const parsed = PrintAudit.safeParse(b.payload);
    if (!parsed.success) return;
    const body = canonicalJson(parsed.data);
    insert.run(parsed.data.id, parsed.data.uscc, body, createHash('sha256').update(body).digest('hex'), new Date().toISOString());
  });

  const unauthorised = ({ req, res }: RouteContext): boolean => {
    if (ctx.authorized(req.headers.authorization)) return false;
    sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
    return true;
  };

  const lookup = (rc: RouteContext): DemoEnterprise | undefined => {
    const check = checkUscc(rc.params.uscc ?? '');
    if (!check.valid) {
      const why = check.reason === 'check-char' ? 'the check character is wrong (GB 32100)' : 'not an 18-character unified social credit code';
      sendError(rc.res, 400, 'bad-uscc', `unified social credit code rejected: ${why}`);
      return undefined;
    }
    const e = byCode.get(check.normalised);
    if (!e) sendError(rc.res, 404, 'not-found', 'no license is registered under this code');
    return e;
  };

  router.get('/v1/registry/licenses/:uscc', (rc) => {
    if (unauthorised(rc)) return;
    const e = lookup(rc);
    if (e) sendJson(rc.res, 200, toRecord(e, verificationUrl(rc, e.uscc)));
  });

  router.get('/v1/registry/verify/:uscc', (rc) => {
    const e = lookup(rc);
    if (e) sendJson(rc.res, 200, { uscc: e.uscc, name: e.name, typeText: e.typeText, representative: e.representative.name, registrationAuthority: e.registrationAuthority, status: '存续' });
  });

  router.post('/v1/registry/print-audits', async (rc) => {
    if (unauthorised(rc)) return;
    const raw = await readBody(rc.req, 64 * 1024);
    if (!raw) return sendError(rc.res, 400, 'too-large', 'body exceeds 64 KiB');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return sendError(rc.res, 400, 'malformed', `body is not JSON (${e instanceof Error ? e.name : 'error'})`);
    }
    const parsed = PrintAudit.safeParse(json);
    if (!parsed.success) return sendError(rc.res, 400, 'malformed', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const audit = parsed.data;
    const key = rc.req.headers['idempotency-key'];
    if (key !== undefined && key !== audit.id) return sendError(rc.res, 400, 'key-mismatch', 'Idempotency-Key must equal the body id');
    const body = canonicalJson(audit);
    const sha = createHash('sha256').update(body).digest('hex');
    const receivedAt = new Date().toISOString();
    if (insert.run(audit.id, audit.uscc, body, sha, receivedAt).changes === 1) return sendJson(rc.res, 201, { id: audit.id, receivedAt });
    const old = findOne.get(audit.id) as { sha: string; receivedAt: string };
    if (old.sha !== sha) return sendError(rc.res, 422, 'idempotency-key-reused', 'this id was already used with a different body');
    sendJson(rc.res, 200, { id: audit.id, receivedAt: old.receivedAt });
  });

  router.get('/v1/registry/print-audits', (rc) => {
    if (unauthorised(rc)) return;
    const uscc = rc.url.searchParams.get('uscc') ?? '';
    const rows = listFor.all(uscc) as { body: string; receivedAt: string }[];
    sendJson(rc.res, 200, { audits: rows.map((r) => ({ ...(JSON.parse(r.body) as object), receivedAt: r.receivedAt })) });
  });
}

/** The QR target: this back end's public record, reached under the host name the kiosk used. */
function verificationUrl(rc: RouteContext, uscc: string): string {
  const host = rc.req.headers.host ?? '127.0.0.1';
  return `http://${host}/v1/registry/verify/${uscc}`;
}

function toRecord(e: DemoEnterprise, url: string): LicenseRecord {
  const persons = [
    { role: e.representative.role, name: e.representative.name, idNumber: e.representative.idNumber },
    ...e.agents.map((a) => ({ role: 'authorised-agent' as const, name: a.name, idNumber: a.idNumber })),
  ];
  return {
    license: {
      uscc: e.uscc,
      name: e.name,
      entityType: e.entityType,
      typeText: e.typeText,
      representative: { role: e.representative.role, name: e.representative.name },
      businessScope: e.businessScope,
      capital: e.capital,
      compositionForm: e.compositionForm,
      establishedDate: e.establishedDate,
      termFrom: e.termFrom,
      termTo: e.termTo,
      address: e.address,
      registrationAuthority: e.registrationAuthority,
      issueDate: e.issueDate,
      verificationUrl: url,
    },
    authorisedPersons: persons.map((p) => ({ role: p.role, maskedName: maskName(p.name), idNumberSha256: idNumberSha256(p.idNumber) })),
    printPolicy: { originalCopies: e.originalCopies, duplicateCopies: e.duplicateCopies },
  };
}
