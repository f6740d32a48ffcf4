import { createBackendHttp } from '../../backend-gateway/http-core.js';
import { KioskError } from '../../contracts/errors.js';
import { checkUscc } from '../../contracts/uscc.js';
import { LicenseRecord, type PrintAudit } from './license-data.js';

/** Where the registry lives: the configured back end (`backend.url`, `backend.token`). */
export interface RegistryClientOptions {
  /** Back-end base URL without trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  token: string;
  /** Per-request timeout, ms. Default 10000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Validate the code (GB 32100 check character) **before** any query, then fetch the license record.
 * Rejects with KioskError `bad-request` (malformed or wrong check character), `not-found` (the
 * registry has no such code), `forbidden` (token refused) or `backend-error` (unreachable, 5xx,
 * timeout, an answer that does not match the schema).
 */
export async function fetchLicenseRecord(uscc: string, options: RegistryClientOptions): Promise<LicenseRecord> {
  const check = checkUscc(uscc);
  if (!check.valid) {
    throw new KioskError(
      'bad-request',
      check.reason === 'check-char'
        ? `unified social credit code ${check.normalised}: the check character should be ${check.expectedCheckChar}`
        : 'not an 18-character unified social credit code (GB 32100)',
    );
  }
  const body = await call('GET', `/v1/registry/licenses/${encodeURIComponent(check.normalised)}`, options);
  const parsed = LicenseRecord.safeParse(body);
  if (!parsed.success) throw new KioskError('backend-error', `registry answer does not match the license schema: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Record a print audit directly (when online); the offline path queues the same object as service `license-print-audit`. */
export async function postPrintAudit(audit: PrintAudit, options: RegistryClientOptions): Promise<{ id: string; receivedAt: string }> {
  return (await call('POST', '/v1/registry/print-audits', options, audit)) as { id: string; receivedAt: string };
}

/**
 * One registry request on the back-end HTTP core (its timeouts, auth and error mapping), one
 * connection per call (a license flow makes one or two). A 400 is the registry refusing the code or
 * the audit as malformed: `bad-request`, which the license step shows as such.
 */
async function call(method: 'GET' | 'POST', path: string, options: RegistryClientOptions, json?: unknown): Promise<unknown> {
  const http = createBackendHttp({ url: options.url, token: options.token, timeoutMs: options.timeoutMs ?? 10_000, maxSockets: 1, name: 'registry' });
  const headers = json === undefined ? {} : { 'Idempotency-Key': String((json as { id?: unknown }).id ?? '') };
  try {
    return (await http.json<unknown>(method, path, json, { headers, signal: options.signal, codeFor: { 400: 'bad-request' } })).body;
  } finally {
    http.close();
  }
}
