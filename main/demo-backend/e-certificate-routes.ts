import { E_CERTIFICATES } from './service-demo-data.js';
import { readBody, sendError, sendJson, type Router } from './router.js';
import type { DemoBackendContext } from './server.js';

/**
 * Which material types an electronic certificate in the citizen's wallet stands for. A material is
 * matched by the certificate's name; the answer names the certificate and its issuer, never its number.
 */
const CERTIFICATE_OF: Record<string, string> = {
  'id-card': '居民身份证',
  'social-security-card': '社会保障卡',
  'marriage-certificate': '结婚证',
  'driving-licence': '机动车驾驶证',
  'elderly-card': '老年人优待证',
  'household-register': '居民户口簿',
  'birth-medical-certificate': '出生医学证明',
};

/**
 * `POST /v1/e-certificates` body `{"idNumber","materials":[type…]}` → 200 `{"certificates":[{type,name,issuer}]}`:
 * the asked-for material types that exist as e-certificates for that person (empty when none). 400
 * for a malformed body; the ID number travels in the body, never the URL.
 */
export function registerECertificateRoutes(router: Router, ctx: DemoBackendContext): void {
  router.post('/v1/e-certificates', async ({ req, res }) => {
    if (!ctx.authorized(req.headers.authorization)) return sendError(res, 401, 'unauthorized', 'missing or wrong bearer token', { 'WWW-Authenticate': 'Bearer' });
    const raw = await readBody(req, 16 * 1024);
    if (!raw) return sendError(res, 400, 'too-large', 'body too large');
    let body: { idNumber?: unknown; materials?: unknown };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch (e) {
      return sendError(res, 400, 'malformed', `body is not JSON: ${(e as Error).message}`);
    }
    if (typeof body?.idNumber !== 'string' || !body.idNumber) return sendError(res, 400, 'malformed', 'idNumber is required');
    const materials = body.materials;
    if (!Array.isArray(materials) || materials.length > 50 || !materials.every((m) => typeof m === 'string' && m.length <= 64)) return sendError(res, 400, 'malformed', 'materials must be a list of material types');
    const wallet = E_CERTIFICATES[body.idNumber]?.rows ?? [];
    const certificates = (materials as string[]).flatMap((type) => {
      const row = wallet.find((r) => r.name === CERTIFICATE_OF[type]);
      return row ? [{ type, name: String(row.name), issuer: String(row.issuer) }] : [];
    });
    sendJson(res, 200, { certificates });
  });
}
