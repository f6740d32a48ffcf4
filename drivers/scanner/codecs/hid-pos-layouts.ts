import { parseHidPosDescriptor, type HidPosLayout } from './hid-report-descriptor.js';

/**
 * Per-model HID-POS report layouts (fleet-and-identity.md §4), used when the device's report descriptor
 * cannot be read (no hidraw sysfs, older stacks) or does not parse. Byte 0 is the report ID.
 */

/** Newland FM430 / QUIO QU-R-302: length 1, data 2–57, reserved 58–61, symbology 62, continued 63. */
export const NEWLAND_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  reportLength: 64,
  lengthByte: 1,
  aimBytes: [],
  dataOffset: 2,
  dataLength: 56,
  vendorSymbologyByte: 62,
  continued: { byte: 63, bit: 0 },
};

/** Access-IS LSR116/LSR118/ATR110: length 1, AIM id 2–4, data 5–60, symbology 61, reserved 62, bit 0 of 63 continued. */
export const ACCESS_IS_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  reportLength: 64,
  lengthByte: 1,
  aimBytes: [2, 3, 4],
  dataOffset: 5,
  dataLength: 56,
  vendorSymbologyByte: 61,
  continued: { byte: 63, bit: 0 },
};

/** USB vendor IDs (usb.ids) whose scanners use a known layout; a product ID narrows a match. */
const MODELS: readonly { vendorId: number; productId?: number; model: string; layout: HidPosLayout }[] = [
  { vendorId: 0x1eab, model: 'Newland', layout: NEWLAND_LAYOUT },
  { vendorId: 0x0db5, model: 'Access-IS', layout: ACCESS_IS_LAYOUT },
];

/** Which layout a device gets and why (shown in the device status, so a wrong guess is visible). */
export interface ResolvedLayout {
  layout: HidPosLayout;
  source: 'descriptor' | 'profile' | 'default';
  detail: string;
}

/**
 * The layout for a device: its report descriptor when it has one that describes Decoded Data, else
 * the model profile for its vendor/product ID, else Newland's (the layout this driver always assumed).
 */
export function resolveHidPosLayout(input: { descriptor: Uint8Array | null; vendorId: number; productId: number }): ResolvedLayout {
  let why = 'report descriptor not readable';
  if (input.descriptor) {
    const parsed = parseHidPosDescriptor(input.descriptor);
    if (parsed.ok) return { layout: parsed.layout, source: 'descriptor', detail: describeLayout(parsed.layout) };
    why = `report descriptor: ${parsed.reason}`;
  }
  const model =
    MODELS.find((m) => m.vendorId === input.vendorId && m.productId === input.productId) ??
    MODELS.find((m) => m.vendorId === input.vendorId && m.productId === undefined);
  if (model) return { layout: model.layout, source: 'profile', detail: `${why}; ${model.model} profile` };
  return { layout: NEWLAND_LAYOUT, source: 'default', detail: `${why}; no profile for this vendor, Newland layout assumed` };
}

export function describeLayout(l: HidPosLayout): string {
  const aim = l.aimBytes.length ? `, AIM ${l.aimBytes[0]}–${l.aimBytes[l.aimBytes.length - 1]}` : '';
  return `report ${l.reportId}: data ${l.dataOffset}–${l.dataOffset + l.dataLength - 1}${aim}`;
}
