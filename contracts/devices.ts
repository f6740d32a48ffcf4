import { z } from 'zod';

/** The kinds of device the hub knows. */
export const DeviceKind = z.enum(['idcard-reader', 'scanner', 'receipt-printer', 'document-printer']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** Per-device state, as in docs/architecture.md §3: `offline | ready | busy | error`. */
export const DeviceState = z.enum(['offline', 'ready', 'busy', 'error']);
export type DeviceState = z.infer<typeof DeviceState>;

/** Suggested recovery action, after XFS4IoT `Common.ErrorEvent.action`. */
export const RecoveryAction = z.enum(['none', 'reset', 'clear', 'maintenance', 'configuration', 'reconnect']);
export type RecoveryAction = z.infer<typeof RecoveryAction>;

export const DeviceStatus = z.object({
  id: z.string(),
  kind: DeviceKind,
  state: DeviceState,
  /** Short machine-readable detail, e.g. `paper-near-end`, `no-card`, `port-closed`. */
  detail: z.string().nullable(),
  model: z.string().nullable(),
  transport: z.string(),
  simulated: z.boolean(),
  /**
   * ID-card reader only: the card on the reader was read already and must be taken away before the
   * next card can be read (the identify screen asks for that). Always false for other devices.
   */
  awaitingCardRemoval: z.boolean().default(false),
  lastError: z
    .object({ code: z.string(), message: z.string(), action: RecoveryAction, at: z.string() })
    .nullable(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const HealthLevel = z.enum(['internal', 'external']);
export type HealthLevel = z.infer<typeof HealthLevel>;

export const HealthResult = z.object({
  id: z.string(),
  level: HealthLevel,
  ok: z.boolean(),
  state: DeviceState,
  detail: z.string().nullable(),
  action: RecoveryAction,
  message: z.string(),
});
export type HealthResult = z.infer<typeof HealthResult>;

export const CardType = z.enum(['resident', 'hmt-residence', 'foreign-permanent-2017', 'foreign-permanent-2023']);
export type CardType = z.infer<typeof CardType>;

/** ID card as in docs/protocol.md §3 (`kiosk-diag idcard`). */
export const IdCard = z.object({
  cardType: CardType,
  name: z.string(),
  englishName: z.string().nullable(),
  gender: z.enum(['male', 'female', 'unknown', 'unstated']),
  genderCode: z.string(),
  nation: z.string().nullable(),
  nationCode: z.string().nullable(),
  birthDate: z.string(),
  address: z.string().nullable(),
  idNumber: z.string(),
  issuer: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  nationality: z.string().nullable(),
  passNumber: z.string().nullable(),
  issueCount: z.string().nullable(),
  photo: z.object({ format: z.literal('wlt'), base64: z.string() }).nullable(),
  /** Typed warnings, e.g. `id-check-digit` when the GB 11643 check digit does not match. */
  warnings: z.array(z.string()).default([]),
});
export type IdCard = z.infer<typeof IdCard>;

/** What the renderer receives: masked personal data, never the whole number or name. */
export const MaskedIdentity = z.object({
  cardType: CardType,
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  gender: z.enum(['male', 'female', 'unknown', 'unstated']),
  birthYear: z.string().nullable(),
  hasPhoto: z.boolean(),
  warnings: z.array(z.string()),
});
export type MaskedIdentity = z.infer<typeof MaskedIdentity>;

export const ScanSource = z.enum(['serial', 'hid-pos', 'keyboard', 'sim']);
export const ScanResult = z.object({
  data: z.string(),
  /** Raw payload bytes, base64. */
  bytes: z.string(),
  symbology: z.string().nullable(),
  /** AIM symbology identifier (ISO/IEC 15424, e.g. `]Q1`) when the scanner sent one; never part of `data`. */
  aim: z.string().nullable().optional(),
  source: ScanSource,
  at: z.string(),
});
export type ScanResult = z.infer<typeof ScanResult>;

export const PrinterStatus = z.object({
  online: z.boolean(),
  paperEnd: z.boolean(),
  paperNearEnd: z.boolean(),
  coverOpen: z.boolean(),
  cutterError: z.boolean(),
  error: z.boolean(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;
