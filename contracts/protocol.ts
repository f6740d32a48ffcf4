import { z } from 'zod';
import { DeviceStatus, MaskedIdentity, PrinterStatus } from './devices.js';
import { DiagnosticsEvents, DiagnosticsMethods } from './diagnostics-protocol.js';
import { KioskErrorData } from './errors.js';
import { MaterialsMethods } from './materials.js';
import { CameraInfo, IdentityMethods } from './identity.js';
import { ServiceDefinition } from './service-definition.js';
import { BundleDefinition } from './bundle-definition.js';
import { BundleMethods } from './bundle-protocol.js';
import { FieldGroupDef } from './data-dictionary.js';

/**
 * The host ↔ renderer protocol: one definition, imported by both sides (docs/protocol.md §2).
 * Requests carry ids; the host answers each with exactly one response; events are pushed.
 * Both transports (WebSocket in the browser host, MessagePort in Electron) carry these JSON messages.
 */

export const PROTOCOL_VERSION = 1;

export const HostInfo = z.object({
  protocol: z.number(),
  version: z.string(),
  kioskId: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  simulated: z.boolean(),
  devPanel: z.boolean(),
  hall: z.object({ name: z.string(), nameEn: z.string(), maintainerPhone: z.string(), timeZone: z.string().default('Asia/Shanghai') }),
  ui: z.object({ idleTimeoutSec: z.number(), idleWarningSec: z.number() }),
  /** Identifies one run of the host: changes when the host restarts. */
  bootId: z.string(),
  /**
   * A keyboard-wedge scanner is read in the renderer (the OS owns it as a keyboard); these are its
   * detection settings, or null when the scanner is on a serial/HID port read by the host.
   */
  scannerWedge: z
    .object({ prefix: z.string(), suffix: z.string(), maxInterKeyMs: z.number(), minLength: z.number() })
    .nullable()
    .default(null),
  /** Renderer ↔ host liveness: ping period and how long the host may be unreachable before the out-of-service screen. */
  recovery: z.object({ pingIntervalMs: z.number(), outOfServiceAfterSec: z.number() }).default({ pingIntervalMs: 5000, outOfServiceAfterSec: 60 }),
  /** The fleet operator's out-of-service notice (RPC `setOutOfService`, docs/protocol.md §5): shown whenever no service runs. */
  outOfService: z.object({ on: z.boolean(), message: z.string().nullable() }).default({ on: false, message: null }),
  /** The face camera the renderer opens for a `verify-face` step (config `identity.camera`); null: none. */
  camera: CameraInfo.default(null),
});
export type HostInfo = z.infer<typeof HostInfo>;

export const SimState = z.object({
  cards: z.array(z.object({ key: z.string(), label: z.string() })),
  /** The demo social security cards and the one in the simulated PC/SC reader (behind pcscd or in-process). */
  sscards: z.array(z.object({ key: z.string(), label: z.string() })).default([]),
  sscard: z.object({ card: z.string().nullable(), via: z.enum(['pcscd', 'in-process']) }).nullable().default(null),
  printer: z.object({ online: z.boolean(), paperEnd: z.boolean(), paperNearEnd: z.boolean(), coverOpen: z.boolean() }).nullable(),
  /** The simulated document printer (A3/A4), or null with a real one. */
  documentPrinter: z
    .object({ online: z.boolean(), paperEnd: z.object({ A3: z.boolean(), A4: z.boolean() }), coverOpen: z.boolean(), jammed: z.boolean() })
    .nullable()
    .default(null),
});
export type SimState = z.infer<typeof SimState>;

const Empty = z.strictObject({});

/** The screens the renderer shows, as fleet telemetry names them (docs/protocol.md §5). */
export const KioskScreen = z.enum(['attract', 'home', 'service', 'diagnostics', 'out-of-service']);
export type KioskScreen = z.infer<typeof KioskScreen>;

export { FleetStatusView } from './diagnostics-protocol.js';

/** The offline queue as the UI sees it (counts only; no personal data). */
export const QueueView = z.object({
  pending: z.number(),
  inFlight: z.number(),
  done: z.number(),
  dead: z.number(),
  oldestPendingAgeMs: z.number(),
  sync: z.enum(['stopped', 'idle', 'syncing', 'backing-off', 'paused-auth']),
});
export type QueueView = z.infer<typeof QueueView>;
/** A lookup's result: facts above, rows of a table below; values are already fit for the screen. */
export const LookupResult = z.object({
  notFound: z.boolean(),
  summary: z.record(z.string(), z.union([z.string(), z.number()])),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
});
export type LookupResult = z.infer<typeof LookupResult>;

/** A queue number for a staffed window; `printed` is false when the ticket could not be printed. */
export const QueueTicket = z.object({
  number: z.string(),
  window: z.string(),
  windowEn: z.string(),
  peopleAhead: z.number(),
  issuedAt: z.string(),
  printed: z.boolean(),
  printError: KioskErrorData.nullable(),
});
export type QueueTicket = z.infer<typeof QueueTicket>;
const Timeout = z.number().int().min(500).max(600_000);

/**
 * A business license as the renderer may see it: the entity's public facts, the
 * representative's name masked, and whether the identified citizen may print it. The match is made
 * on the host by ID number; the renderer never sees an ID number.
 */
export const LicenseSummary = z.object({
  uscc: z.string(),
  name: z.string(),
  typeText: z.string(),
  /** `legal-representative`, `operator`, `executive-partner`, `person-in-charge`. */
  representativeRole: z.string(),
  maskedRepresentative: z.string(),
  authorised: z.boolean(),
  /** Why not (`not-authorised`, `no-copies-left`); null when authorised. */
  reason: z.enum(['not-authorised', 'no-copies-left']).nullable(),
  /** The citizen's role when authorised (`authorised-agent` for a person the entity authorised). */
  role: z.string().nullable(),
  /** Sheets this visit may still print: original (正本, A3) and duplicates (副本, A4). */
  allowed: z.object({ original: z.number().int(), duplicate: z.number().int() }),
});
export type LicenseSummary = z.infer<typeof LicenseSummary>;

/** A printed license: the CUPS job, the audits queued for the registry, what is left, the receipt. */
export const LicensePrintResult = z.object({
  jobId: z.string(),
  copy: z.enum(['original', 'duplicate']),
  paper: z.enum(['A3', 'A4']),
  copies: z.number().int(),
  /** One print audit per sheet, queued in the offline queue as service `license-print-audit`. */
  auditIds: z.array(z.string()),
  remaining: z.object({ original: z.number().int(), duplicate: z.number().int() }),
  receipt: z.object({ printed: z.boolean(), error: KioskErrorData.nullable() }),
});
export type LicensePrintResult = z.infer<typeof LicensePrintResult>;
const ReceiptLines = z.array(z.strictObject({ label: z.string().max(60), value: z.string().max(200) })).max(60);

/** Every method: its params schema and its result schema. */
const Align = z.enum(['left', 'center', 'right']);
/** One line of a simulated printout, for a screen that draws its text in a real font. */
export const PrintoutLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), bold: z.boolean(), width: z.number(), height: z.number(), align: Align }),
  /** A QR code, barcode or raster image, drawn dot for dot across the paper width. */
  z.object({ kind: z.literal('picture'), pngBase64: z.string() }),
  z.object({ kind: z.literal('feed'), dots: z.number() }),
  z.object({ kind: z.literal('cut'), full: z.boolean() }),
]);
export type PrintoutLine = z.infer<typeof PrintoutLine>;

export const Methods = {
  'host.info': { params: Empty, result: HostInfo },
  'devices.list': { params: Empty, result: z.array(DeviceStatus) },
  /** Liveness: the renderer's heartbeat. Answered at once, touches no device and does not count as citizen activity. */
  'host.ping': { params: z.strictObject({ seq: z.number().int().min(0).optional() }), result: z.object({ bootId: z.string(), at: z.number() }) },
  /** Wait for an ID card and read it once; the host keeps the full card in the session. */
  'idcard.read': { params: z.strictObject({ timeoutMs: Timeout }), result: MaskedIdentity },
  /** Arm the scanner for one scan. */
  'scanner.scan': {
    params: z.strictObject({ timeoutMs: Timeout }),
    result: z.object({ data: z.string(), source: z.string(), symbology: z.string().nullable() }),
  },
  'printer.status': { params: Empty, result: PrinterStatus },
  /** End the citizen's session: personal data is wiped on the host. */
  'session.end': { params: z.strictObject({ reason: z.enum(['done', 'timeout', 'cancel', 'home']) }), result: Empty },
  /**
   * Store a submission durably in the offline queue (answered only after the commit); the host adds
   * the session's identity. `id` is the idempotency key the back end will see.
   */
  'submission.submit': {
    params: z.strictObject({
      serviceId: z.string().min(1).max(100),
      data: z.record(z.string(), z.unknown()),
      withIdentity: z.boolean().default(true),
    }),
    result: z.object({ id: z.string(), queued: z.literal(true), online: z.boolean(), caseNumber: z.string() }),
  },
  /**
   * Where a submission of the current session stands: once the back end acknowledged it, its
   * `receiptNo` (docs/protocol.md §4), the number the citizen can look the case up by later. The done
   * screen polls it while the citizen is still there; another session's id is `not-found`.
   */
  'submission.outcome': {
    params: z.strictObject({ id: z.string().min(1).max(100) }),
    result: z.object({ state: z.enum(['pending', 'in-flight', 'done', 'dead']), receiptNo: z.string().nullable(), receivedAt: z.string().nullable() }),
  },
  'queue.status': { params: Empty, result: QueueView },
  /** The service catalog (flows as data), validated by the host at start-up. */
  'services.list': {
    params: Empty,
    result: z.object({
      services: z.array(ServiceDefinition),
      /** The life-event bundles (一件事) over those services, checked against them at start-up. */
      bundles: z.array(BundleDefinition).default([]),
      /** The data dictionary's field groups in reading order: the headings of a bundle's merged form. */
      fieldGroups: z.array(FieldGroupDef).default([]),
    }),
  },
  /** Scan the citizen's e-government QR code; the host resolves it on the back end and keeps the identity. */
  /**
   * Identify by the citizen's e-government QR code: the host arms its scanner, or, with a
   * keyboard-wedge scanner (read in the renderer), takes the `code` the renderer scanned.
   */
  /**
   * Wait for a social security card and identify the citizen by it. A bank, blank, unknown or
   * expired card, or one this service cannot take (a required face check needs the ID card's
   * photo), is `card-unsupported` with a plain message; the caller may wait for the next card.
   */
  'sscard.read': { params: z.strictObject({ timeoutMs: Timeout, serviceId: z.string().min(1).max(64).optional() }), result: MaskedIdentity },
  'identity.scan': { params: z.strictObject({ timeoutMs: Timeout, code: z.string().min(1).max(4096).optional() }), result: MaskedIdentity },
  /**
   * Run the back-end query of a service's lookup step for the identified citizen. `notFound` is
   * true when the back end holds no record for them (not an error: the flow shows its `empty` text).
   */
  'lookup.query': {
    params: z.strictObject({
      serviceId: z.string().min(1).max(100),
      stepId: z.string().min(1).max(100),
      params: z.record(z.string(), z.string().max(500)).default({}),
    }),
    result: LookupResult,
  },
  /**
   * Print a receipt: the case receipt of a submission made in this session, or the lines of a
   * lookup result as shown on screen. The host adds the hall, time, kiosk id and the masked name.
   */
  'printer.printReceipt': {
    params: z.strictObject({
      serviceId: z.string().min(1).max(100),
      submissionId: z.string().min(1).max(100).optional(),
      lookup: z.strictObject({ title: z.string().max(100), lines: z.array(z.strictObject({ label: z.string().max(60), value: z.string().max(200) })).max(60) }).optional(),
      /** The citizen's language: the receipt is printed in it. */
      locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    }),
    result: z.object({ jobId: z.string() }),
  },
  /** Take a number for a staffed window's queue and print the ticket. */
  'printer.printTicket': {
    params: z.strictObject({ serviceId: z.string().min(1).max(100), queue: z.string().min(1).max(60), locale: z.enum(['zh-CN', 'en']).default('zh-CN') }),
    result: QueueTicket,
  },
  /** The five-level 好差评 rating (5 非常满意 … 1 非常不满意), stored in the offline queue without identity. */
  'evaluation.submit': {
    params: z.strictObject({
      serviceId: z.string().min(1).max(100),
      caseId: z.string().max(100).nullable().default(null),
      rating: z.number().int().min(1).max(5),
      reasons: z.array(z.string().max(40)).max(10).default([]),
      comment: z.string().max(500).default(''),
    }),
    result: z.object({ id: z.string() }),
  },
  /**
   * Business license: validate the code (GB 32100) before any query, fetch the license and who may
   * print it, match the identified citizen by ID number (host only). A refusal is queued as service
   * `license-print-refusal` (SHA-256 of the ID number, never the number). Errors: `bad-request`
   * (wrong code), `not-found` (no such license), `backend-error`.
   */
  'license.lookup': {
    params: z.strictObject({ serviceId: z.string().min(1).max(100), uscc: z.string().min(1).max(40) }),
    result: LicenseSummary,
  },
  /**
   * Print the license looked up in this session for its authorised applicant: checks the document
   * printer (online, paper in the tray, no error), renders with this kiosk's calibration, prints,
   * queues one audit per sheet (`license-print-audit`: printed or spoiled) and prints a receipt.
   * Errors: `paper-end`, `cover-open`, `device-offline`, `device-error` (nothing printed, nothing
   * recorded as printed), `forbidden` (not authorised / too many copies), `bad-request`.
   */
  'license.print': {
    params: z.strictObject({ serviceId: z.string().min(1).max(100), uscc: z.string().min(1).max(40), copy: z.enum(['original', 'duplicate']), copies: z.number().int().min(1).max(10) }),
    result: LicensePrintResult,
  },
  /** Print lines (a lookup's result as shown) as an A4 certificate on the document printer. */
  'document.print': {
    params: z.strictObject({ serviceId: z.string().min(1).max(100), title: z.string().min(1).max(100), lines: ReceiptLines }),
    result: z.object({ jobId: z.string() }),
  },
  'sim.state': { params: Empty, result: SimState },
  'sim.placeCard': { params: z.strictObject({ key: z.string().min(1) }), result: Empty },
  'sim.removeCard': { params: Empty, result: Empty },
  'sim.insertSsCard': { params: z.strictObject({ key: z.string().min(1).max(64) }), result: Empty },
  'sim.removeSsCard': { params: Empty, result: Empty },
  'sim.scan': { params: z.strictObject({ data: z.string().min(1).max(4096) }), result: Empty },
  /** What the simulated receipt printer printed (newest last): its text and a PNG, for the developer panel and tests. */
  'sim.printouts': {
    params: z.strictObject({ last: z.number().int().min(1).max(20).default(3) }),
    result: z.object({
      printouts: z.array(z.object({ at: z.string(), text: z.string(), pngBase64: z.string().optional(), widthDots: z.number().int().optional(), lines: z.array(PrintoutLine).optional() })),
    }),
  },
  'sim.setPrinter': {
    params: z.strictObject({
      online: z.boolean().optional(),
      paperEnd: z.boolean().optional(),
      paperNearEnd: z.boolean().optional(),
      coverOpen: z.boolean().optional(),
    }),
    result: Empty,
  },
  'sim.setDocumentPrinter': {
    params: z.strictObject({
      online: z.boolean().optional(),
      paperEnd: z.strictObject({ A3: z.boolean().optional(), A4: z.boolean().optional() }).optional(),
      coverOpen: z.boolean().optional(),
      jammed: z.boolean().optional(),
    }),
    result: Empty,
  },
  /** The renderer reports the screen it shows (fleet telemetry `screen`; a remote config waits while it is `service`). */
  'kiosk.screen': { params: z.strictObject({ screen: KioskScreen }), result: Empty },
  /** The Fleet tab of diagnostics: the fleet connection's state (null without a `fleet:` config). */
  ...IdentityMethods,
  ...BundleMethods,
  ...MaterialsMethods,
  ...DiagnosticsMethods,
} as const;

export type MethodName = keyof typeof Methods;
export type ParamsOf<M extends MethodName> = z.input<(typeof Methods)[M]['params']>;
export type ResultOf<M extends MethodName> = z.infer<(typeof Methods)[M]['result']>;

/**
 * How the host serves one method: params already validated by the method's schema, the request's
 * cancellation signal, the typed result. Features contribute a {@link HandlerTable} for their methods.
 */
export type Handler<M extends MethodName> = (params: z.output<(typeof Methods)[M]['params']>, signal: AbortSignal) => Promise<ResultOf<M>>;
/** The handlers of a set of methods, one per method; the host's table is `HandlerTable<MethodName>`. */
export type HandlerTable<K extends MethodName> = { [M in K]: Handler<M> };

/** Events pushed by the host. */
export const Events = {
  'host.hello': HostInfo,
  /**
   * The kiosk's info changed while connected (the operator's out-of-service notice, a remote config):
   * the renderer takes the new info. Unlike `host.hello` it is no (re)connect handshake.
   */
  'kiosk.info': HostInfo,
  'device.status': DeviceStatus,
  'idcard.removed': Empty,
  'session.wiped': z.object({ reason: z.string() }),
  'queue.status': QueueView,
  /** Something staff should see (sync paused by the back end, a dead letter…); no personal data. */
  'kiosk.alert': z.object({ kind: z.string(), message: z.string() }),
  ...DiagnosticsEvents,
} as const;
export type EventName = keyof typeof Events;
export type EventOf<E extends EventName> = z.infer<(typeof Events)[E]>;

export const RequestMessage = z.strictObject({
  type: z.literal('request'),
  id: z.string().min(1).max(64),
  method: z.string(),
  params: z.unknown(),
});
export const CancelMessage = z.strictObject({ type: z.literal('cancel'), id: z.string().min(1).max(64) });
export const ClientMessage = z.discriminatedUnion('type', [RequestMessage, CancelMessage]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ResponseMessage = z.union([
  z.object({ type: z.literal('response'), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.string(), ok: z.literal(false), error: KioskErrorData }),
]);
export const EventMessage = z.object({ type: z.literal('event'), event: z.string(), data: z.unknown() });
export const HostMessage = z.union([ResponseMessage, EventMessage]);
export type HostMessage = z.infer<typeof HostMessage>;

export function isMethodName(m: string): m is MethodName {
  return Object.prototype.hasOwnProperty.call(Methods, m);
}
