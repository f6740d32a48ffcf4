import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import createDebug from 'debug';

const log = createDebug('kiosk:static');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The renderer's Content-Security-Policy: only our own origin, plus the host socket. */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Serve the built renderer: files under `root`, and index.html for anything else (SPA). `path` is the
 * request's decoded path (see request-guard.ts: parsing never throws here); `pageHeaders` go with
 * index.html only (the boot-secret cookie).
 */
export function serveStatic(root: string, path: string, req: IncomingMessage, res: ServerResponse, origin: string, pageHeaders: Record<string, string> = {}): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let rel = normalize(path).replace(/^([/\\])+/, '');
  if (rel.includes('\0') || rel.split(sep).includes('..')) {
    res.writeHead(400).end();
    return;
  }
  let file = join(root, rel);
  let st = statOrNull(file);
  if (!st || st.isDirectory()) {
    rel = 'index.html';
    file = join(root, rel);
    st = statOrNull(file);
  }
  if (!st) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('renderer not built: run npm run build:renderer\n');
    return;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': rel === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
  };
  if (rel === 'index.html') Object.assign(headers, pageHeaders, { 'Content-Security-Policy': contentSecurityPolicy(origin) });
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  // A file that vanished (a rebuild) or a client that went away: end this response, not the process.
  stream.on('error', (e) => {
    log('cannot send %s: %s', rel, e.message);
    res.destroy();
  });
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
