import { z } from 'zod';

/**
 * The business-license data the registry back end returns (`GET /v1/registry/licenses/:uscc`),
 * shared by the embedded demo back end, the PDF generator and the host. Dates are ISO `YYYY-MM-DD`.
 * Field names are the machine's; the printed labels (名称, 法定代表人, 经营者 …) depend on the
 * entity type and live in `layouts/license-items.json`.
 */
export const EntityType = z.enum(['company', 'sole-proprietorship', 'partnership', 'branch', 'cooperative']);
export type EntityType = z.infer<typeof EntityType>;

/** Who may print: the representative of the entity type, or a person the entity authorised. */
export const PersonRole = z.enum(['legal-representative', 'operator', 'executive-partner', 'person-in-charge', 'authorised-agent']);
export type PersonRole = z.infer<typeof PersonRole>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');

export const LicenseData = z.object({
  uscc: z.string().length(18),
  name: z.string().min(1),
  entityType: EntityType,
  /** 类型 as registered, e.g. `有限责任公司（自然人投资或控股）`. */
  typeText: z.string().min(1),
  representative: z.object({ role: PersonRole, name: z.string().min(1) }),
  businessScope: z.string().min(1),
  /** 注册资本 / 出资额 / 成员出资总额 in words, e.g. `壹仟万元整`; null where the type has none. */
  capital: z.string().nullable(),
  /** 组成形式 of a sole proprietorship (`个人经营` / `家庭经营`); null otherwise. */
  compositionForm: z.string().nullable(),
  establishedDate: IsoDate,
  termFrom: IsoDate.nullable(),
  /** `long-term` prints as 长期; null where the type has no term. */
  termTo: z.union([IsoDate, z.literal('long-term')]).nullable(),
  address: z.string().min(1),
  registrationAuthority: z.string().min(1),
  /** 核准日期: printed into the pre-printed `年 月 日` line. */
  issueDate: IsoDate,
  /** What the QR code encodes; it contains the code (the registry's public record of this entity). */
  verificationUrl: z.string().url(),
});
export type LicenseData = z.infer<typeof LicenseData>;

export const AuthorisedPerson = z.object({
  role: PersonRole,
  /** Masked for screens and logs (`欧**明`); the whole name never leaves the back end here. */
  maskedName: z.string(),
  /** SHA-256 (hex) of the upper-cased ID number: the kiosk matches the card it read without the back end sending numbers. */
  idNumberSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuthorisedPerson = z.infer<typeof AuthorisedPerson>;

/** The full answer of `GET /v1/registry/licenses/:uscc`. */
export const LicenseRecord = z.object({
  license: LicenseData,
  authorisedPersons: z.array(AuthorisedPerson),
  /** Sheets one visit may print: the original (正本, A3) and duplicates (副本, A4). */
  printPolicy: z.object({ originalCopies: z.number().int().min(0), duplicateCopies: z.number().int().min(0) }),
});
export type LicenseRecord = z.infer<typeof LicenseRecord>;

export type LicenseCopy = 'original' | 'duplicate';

/** One print audit (printed, spoiled or refused), recorded with the registry (`POST /v1/registry/print-audits`, or queued as service `license-print-audit`). */
export const PrintAudit = z.strictObject({
  /** Kiosk-generated id; doubles as the idempotency key. */
  id: z.string().min(1).max(255),
  kioskId: z.string().min(1).max(64),
  uscc: z.string().length(18),
  copy: z.enum(['original', 'duplicate']),
  outcome: z.enum(['printed', 'spoiled', 'refused']),
  /** Why it was refused or spoiled (`not-authorised`, `paper-end`, …); null when printed. */
  reason: z.string().max(200).nullable(),
  /** Serial number of the pre-printed sheet where the stock is numbered. */
  sheetSerial: z.string().max(64).nullable(),
  /** The applicant's role when matched; null when refused. */
  role: PersonRole.nullable(),
  /** SHA-256 of the applicant's upper-cased ID number (never the number itself). */
  applicantIdSha256: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().datetime({ offset: true }),
});
export type PrintAudit = z.infer<typeof PrintAudit>;
