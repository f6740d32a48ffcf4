// The signature check on electron-updater's path. electron-updater checks the artefact against the
// SHA-512 in latest-*.yml, but that file comes from the same server as the artefact, so it proves
// nothing about who built it. Each artefact therefore has a detached signature `<artefact>.sig` (the
// envelope of main/host/fleet/update-signature.ts) beside it, checked with the kiosk's update key
// before the update may be installed. Pure functions: tested without Electron.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { parseEnvelope, verifyEnvelope, type VerifyResult } from '../host/fleet/update-signature.js';

/** An envelope is a few hundred bytes. */
export const MAX_SIGNATURE_BYTES = 4096;

/** Where the detached signature of the downloaded artefact is: `<artefact url>.sig`, relative to the feed. */
export function signatureUrl(feedUrl: string, downloadedFile: string, files: readonly { url: string }[]): string {
  const name = basename(downloadedFile);
  const f = files.find((x) => basename(new URL(x.url, 'http://x/').pathname) === name) ?? files[0];
  if (!f) throw new Error('the update names no file');
  return new URL(`${f.url}.sig`, `${feedUrl.replace(/\/+$/, '')}/`).toString();
}

/** Is `sigText` a valid signature by `key` of the whole downloaded file, as version `version`? */
export async function checkDownloadedUpdate(file: string, sigText: string, key: KeyObject, version: string): Promise<VerifyResult> {
  if (Buffer.byteLength(sigText) > MAX_SIGNATURE_BYTES) return { ok: false, error: `signature file larger than ${MAX_SIGNATURE_BYTES} bytes` };
  let envelope;
  try {
    envelope = parseEnvelope(JSON.parse(sigText));
  } catch (e) {
    return { ok: false, error: `signature file unreadable: ${(e as Error).message}` };
  }
  return verifyEnvelope(file, envelope, statSync(file).size, key, { kind: 'package', version });
}

/** What electron-updater's `update-downloaded` reports (the fields used here). */
export interface DownloadedInfo {
  version: string;
  downloadedFile: string;
  files: readonly { url: string }[];
}

/**
 * The whole check of a downloaded update: fetch `<artefact>.sig` from the feed, verify it against the
 * file. Resolves with what may be installed; rejects with the reason otherwise.
 */
export async function acceptDownloaded(feedUrl: string, info: DownloadedInfo, key: KeyObject, fetchText: (url: string) => Promise<string>): Promise<{ version: string; file: string; sha256: string }> {
  const sig = await fetchText(signatureUrl(feedUrl, info.downloadedFile, info.files));
  const r = await checkDownloadedUpdate(info.downloadedFile, sig, key, info.version);
  if (!r.ok) throw new Error(r.error);
  return { version: info.version, file: info.downloadedFile, sha256: r.envelope.sha256 };
}

/** GET a small text file: bounded in time and size, no redirects (the signature comes from the feed itself). */
export async function fetchSmallText(url: string, timeoutMs = 30_000): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_SIGNATURE_BYTES) throw new Error(`${url}: larger than ${MAX_SIGNATURE_BYTES} bytes`);
  const text = await res.text();
  if (Buffer.byteLength(text) > MAX_SIGNATURE_BYTES) throw new Error(`${url}: larger than ${MAX_SIGNATURE_BYTES} bytes`);
  return text;
}
