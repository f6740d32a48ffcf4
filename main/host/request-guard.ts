import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Pure checks on what arrives at the browser host before any handler sees it. Every parse of
 * request data here returns a result instead of throwing: a `URIError` from `decodeURIComponent`
 * or a `TypeError` from `new URL` in a request handler would otherwise end the process, and any
 * web page can send such a request with an `<img>` tag.
 */

/** The decoded path of a request target (`/a%20b?x` → `/a b`), or null when it cannot be parsed. */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || target.length > 8192) return null;
  // Only origin-form targets (`/path?query`): an absolute-form `http://[` or an authority is refused.
  if (!target.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

/**
 * The `Host` header names this server (127.0.0.1 or localhost on our port). Any other name means a
 * page reached us through DNS rebinding: it would otherwise read our page and its boot secret.
 */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const h = hostHeader.toLowerCase();
  const names = port === 80 ? ['127.0.0.1', 'localhost', '127.0.0.1:80', 'localhost:80'] : [`127.0.0.1:${port}`, `localhost:${port}`];
  return names.includes(h);
}

/** The origins our own page has: what it was served from. */
export function ownOrigins(port: number): string[] {
  return port === 80 ? ['http://127.0.0.1', 'http://localhost'] : [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Name of the cookie that carries the per-boot secret (cookies ignore ports: the port is in the name). */
export function bootCookieName(port: number): string {
  return `kiosk-host-${port}`;
}

/** A fresh per-boot secret: 32 random bytes, base64url (valid in a cookie without quoting). */
export function newBootSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The `Set-Cookie` value that hands the secret to our page only: not readable by script, same-site only. */
export function bootCookie(port: number, secret: string): string {
  return `${bootCookieName(port)}=${secret}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The value of one cookie in a `Cookie` header, or null. Tolerates any junk around it. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header || header.length > 16_384) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Constant-time comparison of a presented secret with ours. */
export function secretMatches(presented: string | null, secret: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * May this WebSocket upgrade open the host protocol? Only our own page may: the path is `/ws`, the
 * `Host` is ours, the `Origin` is present and ours (a non-browser client sends none, a foreign page
 * sends its own), and the request carries the per-boot secret our page got with its cookie.
 */
export function admitUpgrade(target: string | undefined, headers: IncomingHttpHeaders, port: number, secret: string): UpgradeVerdict {
  const path = requestPath(target);
  if (path === null) return { ok: false, status: 400, reason: 'malformed request target' };
  if (path !== '/ws') return { ok: false, status: 404, reason: `no socket at ${path.slice(0, 64)}` };
  if (!isOwnHost(headers.host, port)) return { ok: false, status: 403, reason: 'foreign Host header' };
  const origin = headers.origin;
  if (origin === undefined) return { ok: false, status: 403, reason: 'no Origin header' };
  if (!ownOrigins(port).includes(origin)) return { ok: false, status: 403, reason: 'foreign Origin' };
  if (!secretMatches(cookieValue(headers.cookie, bootCookieName(port)), secret)) return { ok: false, status: 403, reason: 'no boot secret' };
  return { ok: true };
}
