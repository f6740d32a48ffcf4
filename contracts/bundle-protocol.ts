import { z } from 'zod';

/**
 * The host methods of life-event bundles (一件事一次办) and e-certificates (docs/protocol.md §4):
 * one submission for every member service of a bundle, how each member fared, its one receipt,
 * and which required materials exist as electronic certificates for the identified citizen.
 */

const Id = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);
const Locale = z.enum(['zh-CN', 'en']).default('zh-CN');

/** How a material reaches the department: an e-certificate the back end holds, paper at a staffed window, or the document camera. */
export const MaterialRoute = z.enum(['e-certificate', 'paper', 'camera']);
export type MaterialRoute = z.infer<typeof MaterialRoute>;

export const BundleMemberReceipt = z.object({ serviceId: z.string(), id: z.string(), caseNumber: z.string() });
export type BundleMemberReceipt = z.infer<typeof BundleMemberReceipt>;

export const BundleMemberState = z.object({
  serviceId: z.string(),
  id: z.string(),
  state: z.enum(['pending', 'in-flight', 'done', 'dead']),
  receiptNo: z.string().nullable(),
  /** The back end refused this member (kept for a staff member); the others stand. */
  refused: z.boolean(),
});
export type BundleMemberState = z.infer<typeof BundleMemberState>;

/** One submission as the status query shows it: its state only, never what it contains. */
export const CaseStatusMember = z.object({
  serviceId: z.string(),
  state: z.enum(['pending', 'in-flight', 'done', 'dead']),
  receiptNo: z.string().nullable(),
  refused: z.boolean(),
  /** The department's refusal code (`address-required`), for a refused member. */
  reason: z.string().nullable(),
});
export type CaseStatusMember = z.infer<typeof CaseStatusMember>;

export const ECertificate = z.object({ type: z.string(), name: z.string(), issuer: z.string() });
export type ECertificate = z.infer<typeof ECertificate>;

export const BundleMethods = {
  /**
   * Store every member of a bundle in the offline queue in ONE transaction (all or none), each with
   * its own idempotency id, linked by the bundle submission id. The host checks the members against
   * the bundle (required ones present, conditions re-evaluated on the answers, optional ones as the
   * citizen chose), fills prefilled fields from the identity and adds the one face check and the one
   * signature to the members that need them.
   */
  'bundle.submit': {
    params: z.strictObject({
      bundle: Id,
      members: z
        .array(z.strictObject({ serviceId: Id, data: z.record(z.string().max(100), z.string().max(500)) }))
        .min(1)
        .max(12),
      /** Each material type of the members once, and how it comes. */
      materials: z.array(z.strictObject({ type: Id, via: MaterialRoute })).max(24).default([]),
    }),
    result: z.object({ bundleSubmissionId: z.string(), online: z.boolean(), members: z.array(BundleMemberReceipt) }),
  },
  /** How each member of a bundle submitted in this session stands (the done screen polls it). */
  'bundle.outcome': {
    params: z.strictObject({ bundleSubmissionId: z.string().min(1).max(100) }),
    result: z.object({ members: z.array(BundleMemberState) }),
  },
  /** The bundle's one receipt: each department's case number and what happens next, the materials to bring. */
  'bundle.printReceipt': {
    params: z.strictObject({ bundleSubmissionId: z.string().min(1).max(100), locale: Locale }),
    result: z.object({ jobId: z.string() }),
  },
  /**
   * The citizen's status query by case number (办件进度查询): the submission it names and, for a
   * bundle, every member in member order. `valid: false` for a mistyped number (its check character
   * is wrong); an empty list when the case is not on this kiosk (another kiosk's, or past the
   * retention). No identity is needed: only states and departments' numbers are told.
   */
  'case.status': {
    params: z.strictObject({ caseNumber: z.string().min(1).max(40) }),
    result: z.object({ valid: z.boolean(), members: z.array(CaseStatusMember) }),
  },
  /**
   * Which of these material types exist as electronic certificates for the identified citizen
   * (`POST {backend}/v1/e-certificates`). `online: false` when the back end could not be asked: the
   * materials are then asked for as usual. Nothing of a certificate is stored on the kiosk.
   */
  'ecert.check': {
    params: z.strictObject({ materials: z.array(Id).min(1).max(24) }),
    result: z.object({ online: z.boolean(), certificates: z.array(ECertificate) }),
  },
} as const;
