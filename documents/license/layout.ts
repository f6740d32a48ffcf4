import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KioskError } from '../../contracts/errors.js';

/**
 * Print layouts are data (`layouts/*.json`, all positions in mm from the sheet's top-left corner,
 * y down, text `yMm` is the **baseline**), validated here. A changed print standard or another
 * blank stock is a new JSON file, not code.
 */
const Mm = z.number().min(-50).max(500);
const Pt = z.number().min(4).max(72);
const Point = z.strictObject({ xMm: Mm, yMm: Mm });
const Box = z.strictObject({ xMm: Mm, yMm: Mm, widthMm: z.number().positive(), heightMm: z.number().positive() });

const ItemSlot = z.strictObject({
  labelXMm: Mm,
  valueXMm: Mm,
  /** Baseline of the first line. */
  yMm: Mm,
  valueWidthMm: z.number().positive(),
  sizePt: Pt,
  /** Long values shrink down to this size before wrapping onto `maxLines` lines. */
  minSizePt: Pt,
  maxLines: z.number().int().min(1).max(4).default(1),
});

export const LicenseLayout = z.strictObject({
  id: z.string(),
  description: z.string(),
  copy: z.enum(['original', 'duplicate']),
  paper: z.enum(['A3', 'A4']),
  /** The page is exactly this size, landscape (A3 420 × 297, A4 297 × 210). */
  widthMm: z.number().positive(),
  heightMm: z.number().positive(),
  /** Line height as a multiple of the font size. */
  lineHeight: z.number().min(1).max(2.5).default(1.35),
  codeLabel: Point.extend({ text: z.string(), sizePt: Pt }),
  code: Point.extend({ sizePt: Pt }),
  /** The pre-printed QR window: the code (with its quiet zone) fills this square. */
  qr: Point.extend({ sizeMm: z.number().positive() }),
  /** Slots for the short recorded items, filled per column in the order of `license-items.json`. */
  leftSlots: z.array(ItemSlot).min(1),
  rightSlots: z.array(ItemSlot).min(1),
  scope: z.strictObject({
    label: Point.extend({ text: z.string() }),
    /** The box the business scope is fitted into. */
    box: Box,
    sizePt: Pt,
    /** Never shrink below this; what still does not fit continues in `overflow`. */
    minSizePt: Pt,
    stepPt: z.number().positive().default(0.5),
    overflow: Box,
    /** Printed at the end of the box when the text continues in the overflow area. */
    continuedMark: z.string().default('（续）'),
  }),
  issueDate: z.strictObject({ year: Point, month: Point, day: Point, sizePt: Pt }),
  /** The annual-report reminder (duplicate only). */
  reminder: z.strictObject({ text: z.string(), xMm: Mm, yMm: Mm, widthMm: z.number().positive(), sizePt: Pt }).nullable(),
  /** Crosshairs of the calibration sheet: corners of the pre-printed frame and windows. */
  referencePoints: z.array(Point.extend({ id: z.string(), label: z.string() })).min(2),
});
export type LicenseLayout = z.infer<typeof LicenseLayout>;
export type ItemSlot = z.infer<typeof ItemSlot>;

const ItemField = z.enum(['name', 'typeText', 'representative', 'capital', 'compositionForm', 'established', 'term', 'address']);
export type ItemField = z.infer<typeof ItemField>;
const ItemDef = z.strictObject({ label: z.string(), field: ItemField, column: z.enum(['left', 'right']) });
export type ItemDef = z.infer<typeof ItemDef>;
/** Recorded items (labels and order) per entity type: `layouts/license-items.json`. */
export const LicenseItems = z.strictObject({
  company: z.array(ItemDef),
  'sole-proprietorship': z.array(ItemDef),
  partnership: z.array(ItemDef),
  branch: z.array(ItemDef),
  cooperative: z.array(ItemDef),
});
export type LicenseItems = z.infer<typeof LicenseItems>;

const here = dirname(fileURLToPath(import.meta.url));
export const LAYOUT_DIR = join(here, 'layouts');

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KioskError('internal', `layout ${file}: ${e instanceof Error ? e.message : String(e)}`, false, { cause: e });
  }
}

const layoutCache = new Map<string, LicenseLayout>();
/** Load and validate a layout by id (`license-original-a3`, `license-duplicate-a4`) or by file path. */
export function loadLayout(idOrPath: string): LicenseLayout {
  const cached = layoutCache.get(idOrPath);
  if (cached) return cached;
  const file = idOrPath.endsWith('.json') ? idOrPath : join(LAYOUT_DIR, `${idOrPath}.json`);
  const parsed = LicenseLayout.safeParse(readJson(file));
  if (!parsed.success) throw new KioskError('internal', `layout ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  layoutCache.set(idOrPath, parsed.data);
  return parsed.data;
}

let itemsCache: LicenseItems | undefined;
export function loadLicenseItems(): LicenseItems {
  if (itemsCache) return itemsCache;
  const parsed = LicenseItems.safeParse(readJson(join(LAYOUT_DIR, 'license-items.json')));
  if (!parsed.success) throw new KioskError('internal', `license-items.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  itemsCache = parsed.data;
  return itemsCache;
}

/** The default layout for a copy: the original on A3, the duplicate on A4. */
export function defaultLayoutId(copy: 'original' | 'duplicate'): string {
  return copy === 'original' ? 'license-original-a3' : 'license-duplicate-a4';
}
