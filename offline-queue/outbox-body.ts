import { KioskError } from '../contracts/errors.js';
import { canonicalJson } from './canonical-json.js';
import type { PayloadSealer } from './payload-cipher.js';

/**
 * Largest canonical body accepted: ten pages of paper materials at ≤ 600 KB each, in base64 inside
 * their PDFs, plus the form, fit with room to spare.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The bundle link in a member's body (docs/protocol.md §4). */
export interface BundleLink {
  /** The bundle submission's id, shared by all its members. */
  id: string;
  /** The bundle definition's id (e.g. `newborn`). */
  bundle: string;
  member: number;
  members: number;
}

/** One submission to be built and sealed: its id and time are fixed before, on the caller's thread. */
export interface BodyInput {
  id: string;
  serviceId: string;
  createdMs: number;
  payload: Record<string, unknown>;
  link?: BundleLink;
}

/** A submission's row as stored: the body sealed, bound to its id and service. */
export interface SealedRow {
  id: string;
  serviceId: string;
  createdMs: number;
  sealed: Buffer;
  bundleId: string | null;
  member: number | null;
}

/** Sealed records are bound to their row: a ciphertext moved to another id or service fails to open. */
export function sealContext(id: string, serviceId: string): string {
  return `submission:${id}:${serviceId}`;
}

/** The cheap checks, made before any work is handed out: a bad service id or payload refuses at once. */
export function checkSubmission(serviceId: unknown, payload: unknown): void {
  if (typeof serviceId !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(serviceId)) {
    throw new KioskError('bad-request', 'serviceId must be 1–64 characters of A–Z a–z 0–9 . _ : -');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new KioskError('bad-request', 'submission payload must be a JSON object');
  }
}

/**
 * Build the body (canonical JSON: these bytes are what every attempt sends, see canonical-json.ts)
 * and seal it. The plain body is zeroed once sealed: it may hold a citizen's pages.
 */
export function buildSealedRow(input: BodyInput, kioskId: string, sealer: PayloadSealer): SealedRow {
  checkSubmission(input.serviceId, input.payload);
  const { id, serviceId, createdMs, payload, link } = input;
  const doc = { id, kioskId, serviceId, createdAt: new Date(createdMs).toISOString(), payload, ...(link ? { bundle: link } : {}) };
  const body = Buffer.from(canonicalJson(doc), 'utf8');
  try {
    if (body.length > MAX_BODY_BYTES) throw new KioskError('bad-request', `submission body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES}`);
    return { id, serviceId, createdMs, sealed: sealer.seal(body, sealContext(id, serviceId)), bundleId: link?.id ?? null, member: link?.member ?? null };
  } finally {
    body.fill(0);
  }
}
