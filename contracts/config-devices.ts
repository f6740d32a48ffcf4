import { z } from 'zod';

/**
 * The `devices:` part of the kiosk configuration (docs/protocol.md §1): one schema per device, each
 * a choice of transport. `sim` runs the device's simulator, which speaks the real protocol.
 */
const Sim = z.strictObject({ transport: z.literal('sim') });

export const IdCardReaderConfig = z.discriminatedUnion('transport', [
  Sim.extend({
    /** Simulated reader: path of a pty the simulator listens on is created at start-up. */
    pollIntervalMs: z.number().int().min(50).max(5000).default(300),
  }),
  z.strictObject({
    transport: z.literal('serial'),
    path: z.string().min(1),
    /** Serial speed; SAM readers default to 115200 8N1. */
    baudRate: z.number().int().positive().default(115200),
    /** How often find-card is polled while a flow waits for a card, in ms. */
    pollIntervalMs: z.number().int().min(50).max(5000).default(300),
    /** Per-command timeout, ms. */
    requestTimeoutMs: z.number().int().min(100).max(30000).default(3000),
  }),
  z.strictObject({
    transport: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().optional(),
    pollIntervalMs: z.number().int().min(50).max(5000).default(300),
    requestTimeoutMs: z.number().int().min(100).max(30000).default(3000),
  }),
]);

export const ScannerConfig = z.discriminatedUnion('transport', [
  Sim,
  z.strictObject({
    transport: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    /** Gap that ends a scan when the scanner sends no CR/LF suffix, ms. */
    interByteTimeoutMs: z.number().int().min(5).max(2000).default(50),
  }),
  z.strictObject({
    transport: z.literal('hid-pos'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().optional(),
  }),
  z.strictObject({
    transport: z.literal('keyboard'),
    prefix: z.string().default(''),
    suffix: z.string().default('Enter'),
    /** Keys closer together than this belong to one scanner burst, ms. */
    maxInterKeyMs: z.number().int().min(5).max(200).default(30),
    minLength: z.number().int().min(1).default(4),
  }),
]);

export const ReceiptPrinterConfig = z.strictObject({
  /** `tcp://host:9100`, `serial:///dev/x?baud=N`, `file:///dev/usb/lp0` or `sim:` */
  uri: z.string().regex(/^(tcp:\/\/|serial:\/\/|file:\/\/|sim:)/, 'a tcp://, serial://, file:// or sim: URI'),
  /** Printer profile name (data file in drivers/receipt-printer/profiles). */
  model: z.string().default('generic-80mm-cn'),
});

export const DocumentPrinterConfig = z.discriminatedUnion('transport', [
  Sim,
  z.strictObject({
    transport: z.literal('cups'),
    queue: z.string().min(1),
    trays: z.strictObject({ A3: z.string().optional(), A4: z.string().optional() }).default({}),
  }),
]);

/**
 * The social security card reader (PC/SC). `pcsc`: through the system's PC/SC service, the named
 * reader or the first one; `sim`: the demo cards, behind pcscd's vsmartcard-vpcd reader when pcscd
 * runs with it, else in-process. A field the card gives only after external authentication needs a
 * PSAM slot, which this build does not drive: such fields are `psam-required`.
 */
export const SsCardReaderConfig = z.discriminatedUnion('transport', [
  z.strictObject({
    transport: z.literal('pcsc'),
    reader: z.string().min(1).max(200).optional(),
    apduTimeoutMs: z.number().int().min(100).max(30_000).default(3000),
  }),
  z.strictObject({ transport: z.literal('sim'), vpcdPort: z.number().int().min(1).max(65535).default(35963) }),
]);

/**
 * The document camera (高拍仪): a UVC camera the renderer opens by label (substring) or device id at
 * the high resolution it supports; null: this kiosk has none. Omitted keys: the first camera that is
 * not the face camera.
 */
export const DocumentCameraConfig = z
  .strictObject({
    label: z.string().min(1).max(200).nullable().default(null),
    deviceId: z.string().min(1).max(200).nullable().default(null),
    width: z.number().int().min(640).max(4896).default(3264),
    height: z.number().int().min(480).max(3672).default(2448),
    /** Pages below this sharpness (variance of the Laplacian at 150 dpi) are refused as blurred. */
    minSharpness: z.number().min(0).max(100_000).default(60),
    /** Pages with more than this share blown out by a reflection are refused for glare. */
    maxGlare: z.number().min(0).max(1).default(0.01),
  })
  .nullable()
  .prefault({});
export type DocumentCameraConfig = z.infer<typeof DocumentCameraConfig>;
