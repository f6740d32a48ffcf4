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

async function call(method: string, path: string, options: RegistryClientOptions, json?: unknown): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  const headers: Record<string, string> = { Authorization: `Bearer ${options.token}`, Accept: 'application/json' };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Idempotency-Key'] = String((json as { id?: unknown }).id ?? '');
  }
  let res: Response;
  try {
    res = await fetch(`${options.url.replace(/\/+$/, '')}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), signal: AbortSignal.any(signals) });
  } catch (e) {
    if (options.signal?.aborted) throw new KioskError('cancelled', 'registry request cancelled');
    const timedOut = e instanceof Error && e.name === 'TimeoutError';
    throw new KioskError(timedOut ? 'timeout' : 'backend-error', timedOut ? `registry: no answer within ${timeoutMs} ms` : `registry unreachable: ${e instanceof Error ? e.message : String(e)}`, true, { cause: e });
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new KioskError('backend-error', `registry answered ${res.status} with a body that is not JSON`, res.status >= 500, { cause: e });
    }
  }
  if (res.ok) return body;
  const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${res.status}`;
  if (res.status === 404) throw new KioskError('not-found', `registry: ${message}`);
  if (res.status === 400) throw new KioskError('bad-request', `registry: ${message}`);
  if (res.status === 401 || res.status === 403) throw new KioskError('forbidden', `registry refused the token: ${message}`);
  throw new KioskError('backend-error', `registry: ${message}`, res.status >= 500 || res.status === 429);
}
