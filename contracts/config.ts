import { z } from 'zod';
import { DocumentCameraConfig, DocumentPrinterConfig, IdCardReaderConfig, ReceiptPrinterConfig, ScannerConfig, SsCardReaderConfig } from './config-devices.js';

export { DocumentCameraConfig, DocumentPrinterConfig, IdCardReaderConfig, ReceiptPrinterConfig, ScannerConfig, SsCardReaderConfig } from './config-devices.js';

/**
 * The kiosk configuration (docs/protocol.md §1). Every object is strict: an unknown key is an error
 * that names the key, so a typo in the field never silently falls back to a default.
 */

/**
 * Bounds of every value the fleet platform may set (the remote config, docs/protocol.md §5). A platform
 * reaches every kiosk of a city at once, so each pushed number has a floor and a ceiling and each
 * string a length: a typo or a hostile push cannot make kiosks flood the back end or print a
 * 4,000-line receipt. docs/fleet.md lists them. The text lengths hold for the config
 * file too; the file (a technician's, on the kiosk) may set shorter periods, e.g. for tests.
 */
export const REMOTE_LIMITS = {
  /** Heartbeat period, minutes: 0 (start-up and urgent heartbeats only) or between these. */
  heartbeatIntervalMin: { min: 1, max: 1440 },
  heartbeatUrgentDebounceSec: { min: 1, max: 600 },
  heartbeatQueueStuckMin: { min: 1, max: 1440 },
  uiIdleTimeoutSec: { min: 5, max: 3600 },
  uiIdleWarningSec: { min: 3, max: 120 },
  maintenanceNightlyRestartHour: { min: 0, max: 23 },
  maintenanceWindowMin: { min: 1, max: 720 },
  maintenanceIdleQuietSec: { min: 0, max: 3600 },
  /** Characters (code points): the header's two short lines and one centred receipt line. */
  hallNameChars: { min: 1, max: 40 },
  hallNameEnChars: { min: 1, max: 80 },
  maintainerPhoneChars: { min: 1, max: 32 },
  hallTimeZoneChars: { min: 1, max: 64 },
  /** Nesting of a pushed `kioskConfig`, objects and arrays (the deepest legal one has 3 levels). */
  configDepth: { min: 1, max: 8 },
  /** Bytes of a pushed `kioskConfig` (bigger MQTT messages are dropped unread before this). */
  configBytes: { min: 2, max: 16 * 1024 },
} as const;

type Bounds = { readonly min: number; readonly max: number };
const chars = (s: string) => [...s].length;
/** A short line of text for the screen and the receipt: a bounded length, no control characters (no line breaks). */
const shortText = (lim: Bounds) =>
  z
    .string()
    .refine((s) => chars(s) >= lim.min && chars(s) <= lim.max, `${lim.min} to ${lim.max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'no control characters or line breaks');
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const between = (lim: Bounds) => z.number().min(lim.min).max(lim.max);
const L = REMOTE_LIMITS;
const Locale = z.enum(['zh-CN', 'en']);
/** IANA zone, e.g. Asia/Shanghai. */
const TimeZone = z
  .string()
  .min(L.hallTimeZoneChars.min)
  .max(L.hallTimeZoneChars.max)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      // A RangeError: not a zone the runtime knows.
      return false;
    }
  }, 'not an IANA time zone, e.g. Asia/Shanghai');

/** A tray's calibration offset for pre-printed stock, mm: positive x moves the print right, positive y down. */
export const CalibrationOffset = z.strictObject({
  xMm: z.number().min(-20).max(20).default(0),
  yMm: z.number().min(-20).max(20).default(0),
});

/** Compiles as a JavaScript regular expression (checked at start-up, so a typo stops the kiosk with the key named). */
function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch (e) {
    if (e instanceof SyntaxError) return false;
    throw e;
  }
}

/**
 * The pre-printed stock loaded in a tray. Business-license security paper carries a printed serial on
 * every sheet and the registry audits each sheet (printed or spoiled) by it. A serial is a fixed
 * `prefix` and a zero-padded running number of `digits` digits (default: no prefix, 8 digits), or,
 * with `pattern`, any serial the regular expression matches whole that ends in its running number.
 * Serials are upper-case letters, digits and "-" (what the kiosk's on-screen Latin keys type).
 * Not numbered (the default): audits carry `sheetSerial: null`.
 */
export const StockConfig = z
  .strictObject({
    numbered: z.boolean().default(false),
    /** Fixed text printed before the running number, e.g. `SZ` or `3205-`. */
    prefix: z.string().max(32).regex(/^[A-Z0-9-]*$/, 'upper-case letters, digits and "-"').optional(),
    /** Digits of the zero-padded running number (default 8). */
    digits: z.number().int().min(1).max(30).optional(),
    /** Instead of prefix + digits: a regular expression the whole serial must match, e.g. `'SZ[0-9]{10}'` (YAML single quotes keep a backslash as it is). */
    pattern: z.string().min(1).max(200).refine(isRegex, 'a valid regular expression').optional(),
  })
  .refine((s) => s.pattern === undefined || (s.prefix === undefined && s.digits === undefined), {
    message: 'either pattern, or prefix and digits, not both',
    path: ['pattern'],
  });
export type StockConfig = z.infer<typeof StockConfig>;

/**
 * Documents printed on the document printer (business licenses, A4 certificates). The CJK font:
 * `KIOSK_CJK_FONT` / `KIOSK_CJK_FONT_NAME` override `fontPath` / `fontName`; without either the
 * first installed system font (Noto CJK, WenQuanYi, AR PL, SimSun) is used.
 */
export const DocumentsConfig = z.strictObject({
  /** A .ttf, .otf or .ttc file to embed (as a subset). */
  fontPath: z.string().min(1).optional(),
  /** The face inside a .ttc collection (PostScript name), e.g. `NotoSerifCJKsc-Regular`. */
  fontName: z.string().min(1).optional(),
  /** This kiosk's offsets per tray (the A3 tray holds originals, the A4 tray duplicates and certificates). */
  calibration: z
    .strictObject({ A3: CalibrationOffset.prefault({}), A4: CalibrationOffset.prefault({}) })
    .prefault({}),
  /** The stock per tray: whether its sheets are numbered, and the serials' format (sheet serials in the print audits). */
  stock: z.strictObject({ A3: StockConfig.prefault({}), A4: StockConfig.prefault({}) }).prefault({}),
});

/**
 * Technician diagnostics. `pinHash` is `scrypt$N$r$p$saltB64$hashB64` (make one with
 * `kiosk-diag pin-hash`); without it diagnostics is closed, except with every device simulated, where
 * the documented development PIN `000000` applies.
 */
export const DiagnosticsConfig = z.strictObject({
  pinHash: z
    .string()
    .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'scrypt$N$r$p$saltB64$hashB64 (kiosk-diag pin-hash)')
    .optional(),
  /** Where exports go (a removable drive's mount point); default `<dataDir>/exports`. */
  exportDir: z.string().min(1).optional(),
  /** Minutes a diagnostics session lasts without a request. */
  sessionMin: z.number().int().min(1).max(120).default(15),
});

/**
 * Fleet operations (docs/protocol.md §5): the kiosk as a ThingsBoard device over MQTT. Omitted: no
 * fleet connection (the HTTP heartbeat alone). `KIOSK_FLEET_URL` overrides `url`.
 */
export const FleetConfig = z
  .strictObject({
    /** `mqtt://host:1883` or `mqtts://host:8883`. */
    url: z.string().regex(/^mqtts?:\/\/[^/\s]+/, 'an mqtt:// or mqtts:// URL'),
    /** The device's access token (the MQTT username); or use `provision`. */
    accessToken: z.string().min(1).max(256).optional(),
    /** Self-registration on first start; the token is then kept in `<dataDir>/fleet/token` (0600). */
    provision: z.strictObject({ key: z.string().min(1).max(256), secret: z.string().min(1).max(256) }).optional(),
    /** CA certificate file (PEM) for mqtts. */
    ca: z.string().min(1).optional(),
    /** Seconds between periodic telemetry; urgent events go at once. */
    telemetrySec: z.number().int().min(5).max(3600).default(60),
    /** Telemetry kept on disk while the broker is unreachable: at most this many records… */
    bufferMaxRecords: z.number().int().min(10).max(1_000_000).default(20_000),
    /** …and none older than this many hours (oldest dropped first, the drops counted). */
    bufferMaxAgeHours: z.number().min(1).max(24 * 30).default(72),
  })
  .refine((f) => f.accessToken !== undefined || f.provision !== undefined, { message: 'give accessToken or provision', path: ['accessToken'] });
export type FleetConfig = z.infer<typeof FleetConfig>;

/** Identity assurance: the face camera, the ID photo decoder and the face match. */
export const IdentityConfig = z.strictObject({
  /**
   * The vendor's WLT photo decoder (a `.node` add-on or an executable, drivers/idcard/photo); `sim`
   * decodes the simulator's demo cards only. Omitted: `sim` with a simulated reader, none otherwise
   * (a required face check then makes its service unavailable).
   */
  photoDecoder: z.string().min(1).optional(),
  /** The face camera, by label (substring) or device id; null: no camera. Omitted keys: the first camera. */
  camera: z
    .strictObject({
      label: z.string().min(1).max(200).nullable().default(null),
      deviceId: z.string().min(1).max(200).nullable().default(null),
      width: z.number().int().min(160).max(1920).default(640),
      height: z.number().int().min(120).max(1080).default(480),
    })
    .nullable()
    .prefault({}),
  face: z
    .strictObject({
      /**
       * The face match: `builtin` (the kiosk's own, docs/identity.md, "Face check") or the path of an ES module
       * exporting `createFaceMatcher` that wraps a licensed 人证核验 algorithm (main/host/identity/face-matcher.ts).
       */
      engine: z.string().min(1).max(1024).default('builtin'),
      /** Budget of one call into a loaded engine (describe or compare), ms. */
      engineTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
      /**
       * What a service whose face check is `required` does in this hall: `enforce` it; send the
       * citizen to a staffed window at once (`staffed-window`); or `auto`: enforce only with an
       * engine whose figures on real faces meet the bar (a vendor engine, or a built-in one
       * measured good), else the staffed window, so nobody honest is turned away by a weak match.
       */
      requiredCheck: z.enum(['auto', 'enforce', 'staffed-window']).default('auto'),
      /** Similarity at or above which the faces match; omitted: the engine's own (the built-in's measured on real faces, docs/identity.md). */
      threshold: z.number().min(0).max(1).optional(),
      /** Seconds one try may take. */
      attemptTimeoutSec: z.number().int().min(5).max(120).default(30),
    })
    .prefault({}),
});

export const KioskConfig = z.strictObject({
  kioskId: z.string().min(1).max(64).default('kiosk-dev-01'),
  locale: Locale.default('zh-CN'),
  dataDir: z.string().min(1).default('./data'),
  devices: z
    .strictObject({
      idCardReader: IdCardReaderConfig.default({ transport: 'sim', pollIntervalMs: 300 }),
      scanner: ScannerConfig.default({ transport: 'sim' }),
      receiptPrinter: ReceiptPrinterConfig.default({ uri: 'sim:', model: 'generic-80mm-cn' }),
      documentPrinter: DocumentPrinterConfig.default({ transport: 'sim' }),
      sscardReader: SsCardReaderConfig.default({ transport: 'sim', vpcdPort: 35963 }),
      documentCamera: DocumentCameraConfig,
    })
    .prefault({}),
  documents: DocumentsConfig.prefault({}),
  diagnostics: DiagnosticsConfig.prefault({}),
  backend: z
    .strictObject({
      /** Omitted: the embedded demo back end is started and used. */
      url: z.string().url().optional(),
      token: z.string().default('demo-token'),
    })
    .prefault({}),
  host: z
    .strictObject({
      /** Browser host port; `KIOSK_PORT` overrides. */
      port: z.number().int().min(0).max(65535).default(8780),
    })
    .prefault({}),
  hall: z
    .strictObject({
      name: shortText(L.hallNameChars).default('24小时自助服务厅'),
      nameEn: shortText(L.hallNameEnChars).default('24-hour Self-service Hall'),
      maintainerPhone: shortText(L.maintainerPhoneChars).default('0512-12345678'),
      /** IANA zone of the hall: the header clock, receipts and opening hours use it (not the machine's zone). */
      timeZone: TimeZone        .default('Asia/Shanghai'),
    })
    .prefault({}),
  ui: z
    .strictObject({
      /** Seconds without a touch before the idle warning appears. */
      idleTimeoutSec: z.number().int().min(5).max(3600).default(60),
      /** Seconds the idle warning counts down before the session is wiped. */
      idleWarningSec: z.number().int().min(3).max(120).default(15),
      /** Show the simulator developer panel (only ever with simulated devices). */
      devPanel: z.boolean().default(true),
    })
    .prefault({}),
  /** Fleet heartbeat: `POST {backend}/v1/kiosks/{kioskId}/heartbeat` (docs/offline-queue.md, "Sync API"). */
  heartbeat: z
    .strictObject({
      /** Minutes between routine heartbeats; 0 sends only the start-up and urgent ones. */
      intervalMin: z.number().min(0).max(1440).default(5),
      /** Urgent events (paper out, reader offline, queue stuck) go at once, gathered for this many seconds. */
      urgentDebounceSec: z.number().min(0).max(600).default(3),
      /** The queue counts as stuck when its oldest pending submission is older than this (minutes). */
      queueStuckMin: z.number().min(1).max(1440).default(30),
    })
    .prefault({}),
  /** The nightly restart (and the moment a downloaded update is applied). */
  maintenance: z
    .strictObject({
      /** Local hour (0–23) at which the restart window opens; null turns the nightly restart off. */
      nightlyRestartHour: z.number().int().min(0).max(23).nullable().default(3),
      /** How long the window stays open waiting for the kiosk to be idle, minutes. */
      windowMin: z.number().int().min(1).max(720).default(120),
      /** Seconds without any citizen request before the kiosk counts as idle. */
      idleQuietSec: z.number().int().min(0).max(3600).default(120),
    })
    .prefault({}),
  /** electron-updater against a generic HTTP server; without `url` there are no updates. */
  updates: z
    .strictObject({
      url: z.string().url().optional(),
      channel: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes').default('latest'),
    })
    .prefault({}),
  /** Structured logs in `<dataDir>/logs/kiosk.log` (JSON lines, personal data redacted). */
  logging: z
    .strictObject({
      /** Rotate when the file reaches this size, bytes. */
      maxFileBytes: z.number().int().min(4096).max(1 << 30).default(5 * 1024 * 1024),
      /** Files kept: kiosk.log and kiosk.log.1 … kiosk.log.(maxFiles-1). */
      maxFiles: z.number().int().min(1).max(50).default(5),
    })
    .prefault({}),
  fleet: FleetConfig.optional(),
  identity: IdentityConfig.prefault({}),
  /** Renderer ↔ host liveness. */
  recovery: z
    .strictObject({
      /** The renderer pings the host this often, ms; two missed answers count as a lost connection. */
      pingIntervalMs: z.number().int().min(500).max(60_000).default(5000),
      /** Host unreachable this long → the out-of-service screen with the maintainer's phone number, s. */
      outOfServiceAfterSec: z.number().int().min(5).max(3600).default(60),
    })
    .prefault({}),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;

/**
 * What the fleet platform may push as `kioskConfig` (docs/protocol.md §5): a partial config of these keys
 * only, every value within {@link REMOTE_LIMITS}. The merged result must also pass {@link KioskConfig}.
 */
export const RemoteKioskConfig = z.strictObject({
  locale: Locale.optional(),
  hall: z
    .strictObject({
      name: shortText(L.hallNameChars).optional(),
      nameEn: shortText(L.hallNameEnChars).optional(),
      maintainerPhone: shortText(L.maintainerPhoneChars).optional(),
      timeZone: TimeZone.optional(),
    })
    .optional(),
  ui: z
    .strictObject({
      idleTimeoutSec: between(L.uiIdleTimeoutSec).int().optional(),
      idleWarningSec: between(L.uiIdleWarningSec).int().optional(),
      devPanel: z.boolean().optional(),
    })
    .optional(),
  maintenance: z
    .strictObject({
      nightlyRestartHour: between(L.maintenanceNightlyRestartHour).int().nullable().optional(),
      windowMin: between(L.maintenanceWindowMin).int().optional(),
      idleQuietSec: between(L.maintenanceIdleQuietSec).int().optional(),
    })
    .optional(),
  heartbeat: z
    .strictObject({
      intervalMin: z
        .number()
        .refine((m) => m === 0 || (m >= L.heartbeatIntervalMin.min && m <= L.heartbeatIntervalMin.max), `0 (off) or ${L.heartbeatIntervalMin.min} to ${L.heartbeatIntervalMin.max} minutes`)
        .optional(),
      urgentDebounceSec: between(L.heartbeatUrgentDebounceSec).optional(),
      queueStuckMin: between(L.heartbeatQueueStuckMin).optional(),
    })
    .optional(),
});
export type RemoteKioskConfig = z.infer<typeof RemoteKioskConfig>;
