import { z } from 'zod';

/**
 * The document camera (高拍仪) on the host protocol: the live outline, page captures in parts, the
 * page list, and the ID card copy. Pages stay on the host; the renderer sees thumbnails only
 * (docs/devices.md, "Document camera").
 */

/** A preview frame for the live outline: a small JPEG (the renderer scales the live view down to ~640 px). */
export const MAX_PREVIEW_BYTES = 256 * 1024;
/** One part of a captured frame: frames (8 MP JPEGs, 1–3 MB) travel in parts under the socket's 1 MiB message limit. */
export const MAX_CAPTURE_PART_BYTES = 512 * 1024;
/** A captured frame, all parts together. */
export const MAX_CAPTURE_BYTES = 12 * 1024 * 1024;

/** A citizen's own purpose on an ID card copy, in characters (it must fit one line across the card). */
export const ID_COPY_PURPOSE_MAX = 16;

/**
 * The line across an ID card copy, "仅供{purpose}使用" ("for … only"), which stops the copy being used
 * for anything else. The purpose is trimmed and its whitespace collapsed; words the citizen typed
 * that the line adds anyway (仅供, 使用) are not doubled. Null: nothing printable is left, or it is
 * too long, or it holds control or markup characters.
 */
export function idCopyWatermark(purpose: string): string | null {
  let p = purpose.normalize('NFC').replace(/\s+/g, ' ').trim();
  p = p.replace(/^仅供/, '').replace(/使用$/, '').trim();
  if (!p || [...p].length > ID_COPY_PURPOSE_MAX) return null;
  if (/[\p{Cc}\p{Cf}<>]/u.test(p)) return null;
  return `仅供${p}使用`;
}

const StepRef = { serviceId: z.string().min(1).max(100), stepId: z.string().min(1).max(100) };
const b64Max = (bytes: number) => Math.ceil((bytes * 4) / 3) + 4;

/** A point as shares of the frame's width and height. */
export const FramePoint = z.object({ x: z.number(), y: z.number() });
export const FrameQuad = z.tuple([FramePoint, FramePoint, FramePoint, FramePoint]);

/** Why a page was refused, for a plain "please retake" on screen. */
export const RetakeReason = z.enum(['no-page', 'blurred', 'glare']);
export type RetakeReason = z.infer<typeof RetakeReason>;

export const CapturedPage = z.object({
  /** Index in the step's `pages` (the page's name comes from the definition). */
  page: z.number().int(),
  thumbnailJpegBase64: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
});
export type CapturedPage = z.infer<typeof CapturedPage>;

export const MaterialsMethods = {
  /** The document camera as configured (`devices.documentCamera`); null: this kiosk has none. */
  'materials.camera': {
    params: z.strictObject({}),
    result: z.object({ camera: z.object({ label: z.string().nullable(), deviceId: z.string().nullable(), width: z.number().int(), height: z.number().int() }).nullable() }),
  },
  /** The page's outline in a preview frame (corners as shares of the frame), or null. Answered `busy` while the previous frame is in work (drop it). */
  'materials.detect': {
    params: z.strictObject({ ...StepRef, jpegBase64: z.string().min(4).max(b64Max(MAX_PREVIEW_BYTES)) }),
    result: z.object({ corners: FrameQuad.nullable() }),
  },
  /**
   * One part of a captured frame for page `page` of the step. Parts come in order, `part` 0 …
   * `parts − 1`; the last one starts the processing and answers with the page or the reason to retake.
   */
  'materials.capture': {
    params: z.strictObject({
      ...StepRef,
      page: z.number().int().min(0).max(49),
      captureId: z.string().min(1).max(64),
      part: z.number().int().min(0).max(31),
      parts: z.number().int().min(1).max(32),
      dataBase64: z.string().min(4).max(b64Max(MAX_CAPTURE_PART_BYTES)),
      mode: z.enum(['clean', 'colour']).default('clean'),
    }),
    result: z.discriminatedUnion('state', [
      z.object({ state: z.literal('partial'), received: z.number().int() }),
      z.object({ state: z.literal('accepted'), page: CapturedPage }),
      z.object({ state: z.literal('retake'), reason: RetakeReason }),
    ]),
  },
  /** Retake: drop page `page` of the step. */
  'materials.remove': {
    params: z.strictObject({ ...StepRef, page: z.number().int().min(0).max(49) }),
    result: z.object({ pages: z.array(CapturedPage) }),
  },
  /**
   * The ID card copy: the front and back taken by the print-id-copy step's capture step, on one A4
   * sheet with the line "仅供{purpose}使用", on the document printer. The pages are wiped once the
   * job is with the printer. Errors: `bad-request` (a side missing, a purpose that cannot be
   * printed), `paper-end`, `cover-open`, `device-offline`, `device-error`, `not-available`.
   */
  'materials.printIdCopy': {
    params: z.strictObject({ ...StepRef, purpose: z.string().min(1).max(ID_COPY_PURPOSE_MAX * 2) }),
    result: z.object({ jobId: z.string(), watermark: z.string() }),
  },
  /** The step's pages taken so far (thumbnails), e.g. after the renderer reconnects. */
  'materials.list': {
    params: z.strictObject(StepRef),
    result: z.object({ pages: z.array(CapturedPage) }),
  },
} as const;

/** What the submission body carries of each `capture-documents` step (docs/protocol.md §4). */
export interface MaterialAttachment {
  /** The material type id of the step (the back end's catalogue of materials). */
  type: string;
  /** The material's name (zh-CN). */
  name: string;
  pages: number;
  pdfBase64: string;
  /** SHA-256 of the PDF bytes, hex. */
  sha256: string;
}
