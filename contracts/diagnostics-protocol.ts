import { z } from 'zod';
import { DeviceStatus, HealthLevel, HealthResult } from './devices.js';
import { MAX_FRAME_BYTES } from './identity.js';

/**
 * The technicians' diagnostics methods, spread into {@link Methods} of protocol.ts.
 * Every method except `diag.status` and `diag.enter` carries the session token that a correct PIN
 * gave; the host refuses it (`forbidden`) when the token is missing, unknown or expired.
 */

/** A diagnostics session token (base64url, 32 random bytes). */
const Token = z.string().min(16).max(128);
const WithToken = z.strictObject({ token: Token });
const Empty = z.strictObject({});
const Offset = z.strictObject({ xMm: z.number().min(-20).max(20), yMm: z.number().min(-20).max(20) });
const Paper = z.enum(['A3', 'A4']);

/** Entry state: whether a PIN is set, and the lock-out after five wrong tries. */
export const DiagStatus = z.object({
  /** A PIN hash is configured, or the documented simulated-mode default applies. */
  available: z.boolean(),
  /** The simulated-mode default PIN is in effect (no `diagnostics.pinHash` and every device simulated). */
  defaultPin: z.boolean(),
  /** ISO time until which entry is locked, or null. */
  lockedUntil: z.string().nullable(),
  /** Wrong tries left before the lock-out. */
  attemptsLeft: z.number(),
});
export type DiagStatus = z.infer<typeof DiagStatus>;

/** One line of the live event log (device status changes and kiosk alerts; no personal data). */
export const DiagEvent = z.object({ at: z.string(), event: z.string(), data: z.unknown() });
export type DiagEvent = z.infer<typeof DiagEvent>;

export const DiagAuditEntry = z.object({ at: z.string(), action: z.string(), ok: z.boolean(), detail: z.string() });
export type DiagAuditEntry = z.infer<typeof DiagAuditEntry>;

/** The raw console's answer: bytes as hex, plus the frame decoded where a codec knows it. */
/**
 * A raw console exchange. `reply` is the hex of what came back, except that a SAM read's reply (or
 * one to a command the driver does not know) shows its status bytes and length only: it holds a
 * card's personal data. A social security card's answer always shows SW1 SW2 and its data length
 * only. `replyBytes` is the reply's full length.
 */
export const DiagRawResult = z.object({ sent: z.string(), reply: z.string(), decoded: z.array(z.string()), replyBytes: z.number().int().nonnegative() });
export type DiagRawResult = z.infer<typeof DiagRawResult>;

export const DiagCalibration = z.object({ A3: Offset, A4: Offset, saved: z.boolean() });
export type DiagCalibration = z.infer<typeof DiagCalibration>;

/** A tray's numbered stock: the serial the next sheet takes, and the sheets used since the stack was registered. */
export const DiagTraySerial = z.object({
  /** `documents.stock.<tray>.numbered`. */
  numbered: z.boolean(),
  /** The configured serial format in words (`SZ + 8 digits`, `/…/`); null when not numbered. */
  format: z.string().nullable(),
  /** Serial of the next sheet; null when none is registered (numbered stock then refuses to print). */
  next: z.string().nullable(),
  /** The first serial registered for the loaded stack. */
  first: z.string().nullable(),
  /** Sheets sent to the printer (printed or spoiled) since then. */
  used: z.number(),
  setAt: z.string().nullable(),
});
export const DiagSheetSerials = z.object({ A3: DiagTraySerial, A4: DiagTraySerial });

export type DiagSheetSerials = z.infer<typeof DiagSheetSerials>;

export const DiagDeadItem = z.object({ id: z.string(), serviceId: z.string(), createdAt: z.string(), attempts: z.number(), lastError: z.string().nullable() });
export const DiagQueue = z.object({
  pending: z.number(),
  inFlight: z.number(),
  done: z.number(),
  dead: z.number(),
  oldestPendingAgeMs: z.number(),
  sync: z.string(),
  deadItems: z.array(DiagDeadItem),
});
export type DiagQueue = z.infer<typeof DiagQueue>;

export const DiagSystem = z.object({
  versions: z.record(z.string(), z.string().nullable()),
  uptime: z.object({ processSec: z.number(), systemSec: z.number(), startedAt: z.string() }),
  disk: z.object({ path: z.string(), totalBytes: z.number(), availableBytes: z.number() }).nullable(),
  network: z.object({ online: z.boolean(), interfaces: z.array(z.object({ name: z.string(), family: z.string(), address: z.string() })) }),
  backend: z.object({ url: z.string(), ok: z.boolean(), status: z.number().nullable(), ms: z.number(), error: z.string().nullable() }),
  exportDir: z.string(),
  /** The configuration in effect, secrets replaced by "(hidden)". */
  config: z.unknown(),
});
export type DiagSystem = z.infer<typeof DiagSystem>;

/** The devices a technician can test with real media from the touch screen. */
export const DiagTestDevice = z.enum(['receipt-printer', 'idcard-reader', 'scanner']);
export type DiagTestDevice = z.infer<typeof DiagTestDevice>;

/**
 * What an external test showed. Only one of `printed`/`card`/`scan` is set, by device. A card shows
 * masked (as the citizen screens do), a scan only its length and symbology: never its content.
 */
export const DiagDeviceTestResult = z.object({
  device: DiagTestDevice,
  ms: z.number(),
  printed: z.object({ jobId: z.string(), confirmed: z.boolean() }).nullable(),
  card: z.object({ cardType: z.string(), maskedName: z.string(), maskedIdNumber: z.string(), warnings: z.array(z.string()) }).nullable(),
  scan: z.object({ chars: z.number(), bytes: z.number(), symbology: z.string().nullable(), source: z.string() }).nullable(),
});
export type DiagDeviceTestResult = z.infer<typeof DiagDeviceTestResult>;

/** The fleet connection as the Fleet tab and `kiosk-diag fleet status` show it (no token values, nothing personal). */
export const FleetStatusView = z.object({
  enabled: z.boolean(),
  url: z.string().nullable(),
  connected: z.boolean(),
  state: z.string(),
  lastError: z.string().nullable(),
  connectedAt: z.string().nullable(),
  lastTelemetryAt: z.string().nullable(),
  buffered: z.number(),
  dropped: z.number(),
  tokenPresent: z.boolean(),
  tokenSource: z.enum(['config', 'provisioned']).nullable(),
  remoteConfig: z.object({ state: z.enum(['applied', 'rejected', 'pending']), hash: z.string(), error: z.string().nullable(), at: z.string() }).nullable(),
  lastCommand: z.object({ method: z.string(), ok: z.boolean(), code: z.string().nullable(), at: z.string() }).nullable(),
  outOfService: z.object({ on: z.boolean(), message: z.string().nullable() }),
  firmware: z.object({ state: z.string(), title: z.string().nullable(), version: z.string().nullable(), error: z.string().nullable(), at: z.string() }).nullable(),
  updatedAt: z.string(),
});
export type FleetStatusView = z.infer<typeof FleetStatusView>;

/** One frame's faces as the face engine saw them (diagnostics Camera entry). */
export const DiagCameraProbe = z.object({
  width: z.number(),
  height: z.number(),
  faces: z.array(z.object({ box: z.tuple([z.number(), z.number(), z.number(), z.number()]), score: z.number() })),
  ms: z.number(),
});
export type DiagCameraProbe = z.infer<typeof DiagCameraProbe>;

/**
 * The document camera (高拍仪) as the host can vouch for it: the screen, not the host, opens the
 * camera, so this is its configuration and whether the page-processing worker (OpenCV) starts.
 * `offline` with detail `not-configured`: this kiosk has none (not a fault); `error` with
 * `worker-not-started`: no page could be processed.
 */
export const DiagDocumentCamera = z.object({
  id: z.literal('document-camera'),
  kind: z.literal('document-camera'),
  state: z.enum(['ready', 'offline', 'error']),
  detail: z.string().nullable(),
  ok: z.boolean(),
  configured: z.boolean(),
  label: z.string().nullable(),
  deviceId: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** Whether the worker started and how long it took (OpenCV compiles at start); null when not configured. */
  worker: z.object({ started: z.boolean(), ms: z.number(), message: z.string().nullable() }).nullable(),
});
export type DiagDocumentCamera = z.infer<typeof DiagDocumentCamera>;

export const DiagnosticsMethods = {
  /** The Fleet tab: the ThingsBoard connection as the fleet module last saw it; null without `fleet:`. */
  'diag.fleet': { params: WithToken, result: z.object({ status: FleetStatusView.nullable() }) },
  /** Entry state (no token): the PIN screen shows the lock-out and tries left. */
  'diag.status': { params: Empty, result: DiagStatus },
  /** Check the technician PIN; five wrong tries lock entry for five minutes. Audited. */
  'diag.enter': { params: z.strictObject({ pin: z.string().min(1).max(32) }), result: z.object({ token: Token, expiresAt: z.string() }) },
  /** Leave: the token is revoked, the citizen session wiped. Audited. */
  'diag.exit': { params: WithToken, result: Empty },
  'diag.devices': { params: WithToken, result: z.object({ devices: z.array(DeviceStatus), events: z.array(DiagEvent) }) },
  'diag.checkHealth': { params: WithToken.extend({ id: z.string().min(1).max(64), level: HealthLevel }), result: HealthResult },
  /**
   * Send hex bytes as they are to a serial device, or one APDU to the social security card
   * (`sscard-reader`: SELECT, READ RECORD, GET RESPONSE and GET CHALLENGE only, anything else is
   * `forbidden`; the answer shows SW1 SW2 and the data's length, never the data). The reply comes
   * back with its decoding. Audited (bytes sent only).
   */
  'diag.raw': {
    params: WithToken.extend({
      device: z.enum(['idcard-reader', 'receipt-printer', 'sscard-reader']),
      hex: z.string().min(2).max(2048),
      timeoutMs: z.number().int().min(100).max(30_000).default(2000),
    }),
    result: DiagRawResult,
  },
  /**
   * The external test with real media: the receipt printer prints the test page of `kiosk-diag
   * print-test` (confirmed by the printer where the link reads replies); the ID-card reader waits for
   * a card and reads it once; the scanner waits for one scan. Abort (the request's cancellation) ends
   * the wait as `cancelled`. Audited without personal data or scan content.
   */
  'diag.deviceTest': {
    params: WithToken.extend({ device: DiagTestDevice, timeoutMs: z.number().int().min(5000).max(120_000).default(30_000) }),
    result: DiagDeviceTestResult,
  },
  'diag.calibration.get': { params: WithToken, result: DiagCalibration },
  /** Persist a tray's offsets in `<dataDir>/calibration.json` (overrides `documents.calibration`). Audited. */
  'diag.calibration.save': { params: WithToken.extend({ paper: Paper, offset: Offset }), result: DiagCalibration },
  /** Print the calibration sheet for a tray with the given (possibly unsaved) offsets. Audited. */
  'diag.calibration.print': { params: WithToken.extend({ paper: Paper, offset: Offset }), result: z.object({ jobId: z.string() }) },
  'diag.serials.get': { params: WithToken, result: DiagSheetSerials },
  /**
   * Register the first sheet serial of a newly loaded stack of numbered stock (`<dataDir>/sheet-serials.json`);
   * checked against the tray's `documents.stock` format on the host. Audited.
   */
  'diag.serials.set': { params: WithToken.extend({ paper: Paper, first: z.string().trim().min(1).max(64) }), result: DiagSheetSerials },
  'diag.queue': { params: WithToken, result: DiagQueue },
  'diag.queue.retry': { params: WithToken.extend({ id: z.string().min(1).max(100) }), result: Empty },
  'diag.queue.discard': { params: WithToken.extend({ id: z.string().min(1).max(100), reason: z.string().trim().min(3).max(500) }), result: Empty },
  /** Dead items, encrypted with a key derived from the passphrase (scrypt → AES-256-GCM), to the export dir. */
  'diag.queue.export': { params: WithToken.extend({ passphrase: z.string().min(8).max(200) }), result: z.object({ file: z.string(), count: z.number() }) },
  'diag.system': { params: WithToken, result: DiagSystem },
  /** Logs (no personal data), the audit log, the event log and system info, copied to the export dir. */
  'diag.logs.export': { params: WithToken, result: z.object({ dir: z.string(), files: z.array(z.string()) }) },
  'diag.audit': { params: WithToken.extend({ limit: z.number().int().min(1).max(1000).default(100) }), result: z.object({ entries: z.array(DiagAuditEntry) }) },
  /**
   * The Camera entry: the faces the host's face engine finds in one camera frame (JPEG,
   * base64, size-capped like `face.frame`), as boxes in the frame's pixels, and how long it took.
   * Nothing is kept; `not-available` until the engine is there. Audited once per diagnostics session.
   */
  'diag.cameraProbe': {
    params: WithToken.extend({ jpegBase64: z.string().min(4).max(Math.ceil((MAX_FRAME_BYTES * 4) / 3) + 4) }),
    result: DiagCameraProbe,
  },
  /**
   * The document camera entry: its configuration and a start of the page-processing worker, waited
   * for at most `timeoutMs` (OpenCV's start took 23 s on a machine at load 16). Audited.
   */
  'diag.documentCamera': {
    params: WithToken.extend({ timeoutMs: z.number().int().min(1000).max(120_000).default(60_000) }),
    result: DiagDocumentCamera,
  },
  /** Exit the kiosk or restart the app: the host emits `diag.restartRequested` for its shell. Audited. */
  'diag.restart': { params: WithToken.extend({ mode: z.enum(['restart', 'exit']) }), result: Empty },
} as const;

export type DiagnosticsMethodName = keyof typeof DiagnosticsMethods;

export const DiagnosticsEvents = {
  /**
   * A technician asked to restart the app or exit the kiosk. The Electron shell acts on it
   * (`app.relaunch()` + `app.exit(0)`, or `app.exit(0)`); the browser host exits with
   * {@link DIAG_RESTART_EXIT_CODE} for its supervisor to restart it, or 0.
   */
  'diag.restartRequested': z.object({ mode: z.enum(['restart', 'exit']) }),
} as const;

/** Exit code of the browser host for "restart me" (EX_TEMPFAIL); systemd: `RestartForceExitStatus=75`. */
export const DIAG_RESTART_EXIT_CODE = 75;
