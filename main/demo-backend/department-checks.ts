import type { SubmissionBody } from './submissions-route.js';

/**
 * The demo departments' own checks of an application, which a kiosk cannot make for them: a real
 * department refuses what its rules do not allow even when every field was filled in correctly.
 * Returns the refusal's code (answered 422, docs/protocol.md §4), or null to accept.
 *
 * - `newborn-social-security-card`: a card to be posted needs a postal address (the form leaves
 *   the address optional because collecting at the hall needs none).
 */
export function departmentRefusal(body: SubmissionBody): string | null {
  const data = (body.payload.data ?? {}) as Record<string, unknown>;
  if (body.serviceId === 'newborn-social-security-card' && data.delivery === 'post' && !(typeof data.address === 'string' && data.address.trim())) return 'address-required';
  return null;
}
