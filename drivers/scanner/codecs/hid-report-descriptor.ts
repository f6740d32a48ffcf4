/**
 * Where a HID-POS scanner puts its barcode, read from the device's own HID report descriptor (USB HID
 * 1.11 §6.2.2 short items; HID POS Usage Tables, usage page 0x8C Bar Code Scanner). Vendors differ:
 * Newland/QUIO send data at bytes 2–57, Access-IS an AIM identifier at 2–4 and data at 5–60
 * (fleet-and-identity.md §4), and only the descriptor says which. Pure: descriptor bytes in, a
 * {@link HidPosLayout} (or a reason it has none) out.
 *
 * Byte offsets count the report ID as byte 0 when the device uses report IDs, as the vendors' manuals do.
 */
export const USAGE_PAGE_BAR_CODE_SCANNER = 0x8c;
/** HID POS Usage Tables, page 0x8C. */
export const USAGE_SYMBOLOGY_ID_1 = 0xfb;
export const USAGE_SYMBOLOGY_ID_2 = 0xfc;
export const USAGE_SYMBOLOGY_ID_3 = 0xfd;
export const USAGE_DECODED_DATA = 0xfe;
export const USAGE_DECODE_DATA_CONTINUED = 0xff;

/** Linux's HID_MAX_DESCRIPTOR_SIZE: anything longer is not a real descriptor. */
export const MAX_DESCRIPTOR_BYTES = 4096;
/** A scanner input report is 64 bytes on full-speed USB; 1024 bounds a hostile descriptor's report. */
const MAX_REPORT_BYTES = 1024;

/** Where each field of a scanned-data input report sits. */
export interface HidPosLayout {
  /** Report ID of the scanned-data input report; 0 when the device uses no report IDs. */
  reportId: number;
  /** Whole report length in bytes, report ID byte included when there is one. */
  reportLength: number;
  /** Byte holding the number of valid data bytes (an 8-bit field just before the barcode fields), or null. */
  lengthByte: number | null;
  /** Bytes of the AIM symbology identifier (`]`, code, modifier), usages 0xFB–0xFD; empty when absent. */
  aimBytes: number[];
  /** First Decoded Data (0xFE) byte and how many there are. */
  dataOffset: number;
  dataLength: number;
  /** A vendor's own symbology byte after the data (Newland 62, Access-IS 61), or null. */
  vendorSymbologyByte: number | null;
  /** The Decode Data Continued (0xFF) flag: its byte and bit; null when the report has none. */
  continued: { byte: number; bit: number } | null;
}

export type DescriptorResult = { ok: true; layout: HidPosLayout } | { ok: false; reason: string };

interface Field {
  /** Bit position in the report, after the report ID byte. */
  bit: number;
  size: number;
  /** Full usage (page << 16 | id), or null for constant (padding) fields. */
  usage: number | null;
}

interface RawUsage {
  value: number;
  extended: boolean;
}

const u = (id: number): number => (USAGE_PAGE_BAR_CODE_SCANNER << 16) | id;

/** Walk the descriptor's items and find the input report that carries Decoded Data. */
export function parseHidPosDescriptor(desc: Uint8Array): DescriptorResult {
  if (desc.length === 0) return { ok: false, reason: 'empty report descriptor' };
  if (desc.length > MAX_DESCRIPTOR_BYTES) return { ok: false, reason: `report descriptor of ${desc.length} bytes exceeds ${MAX_DESCRIPTOR_BYTES}` };
  let global = { usagePage: 0, reportSize: 0, reportCount: 0, reportId: 0 };
  const stack: (typeof global)[] = [];
  let usages: RawUsage[] = [];
  let usageMin: RawUsage | null = null;
  let usageMax: RawUsage | null = null;
  const reports = new Map<number, { bits: number; fields: Field[] }>();
  let usedIds = false;
  let i = 0;
  while (i < desc.length) {
    const prefix = desc[i]!;
    if (prefix === 0xfe) {
      // Long item (HID 1.11 §6.2.2.3): bDataSize, bLongItemTag, data. None is defined; skip it.
      if (i + 1 >= desc.length) return { ok: false, reason: `truncated long item at byte ${i}` };
      i += 3 + desc[i + 1]!;
      continue;
    }
    const sizeCode = prefix & 0x03;
    const size = sizeCode === 3 ? 4 : sizeCode;
    if (i + 1 + size > desc.length) return { ok: false, reason: `truncated item 0x${prefix.toString(16)} at byte ${i}` };
    let value = 0;
    for (let k = 0; k < size; k++) value += desc[i + 1 + k]! * 2 ** (8 * k);
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    i += 1 + size;
    if (type === 1) {
      // Global items.
      if (tag === 0x0) global.usagePage = value;
      else if (tag === 0x7) global.reportSize = value;
      else if (tag === 0x8) {
        if (value === 0 || value > 0xff) return { ok: false, reason: `report ID ${value} out of range` };
        global.reportId = value;
        usedIds = true;
      } else if (tag === 0x9) global.reportCount = value;
      else if (tag === 0xa) stack.push({ ...global });
      else if (tag === 0xb) {
        const top = stack.pop();
        if (!top) return { ok: false, reason: 'Pop without Push' };
        global = top;
      }
    } else if (type === 2) {
      // Local items: a 4-byte usage carries its own page; a shorter one takes the page in force at
      // the main item (HID 1.11 §6.2.2.8), so it is kept raw until then.
      const raw = { value, extended: size === 4 };
      if (tag === 0x0) usages.push(raw);
      else if (tag === 0x1) usageMin = raw;
      else if (tag === 0x2) usageMax = raw;
    } else if (type === 0) {
      if (tag === 0x8) {
        // Input: one field per report count, each with the next usage (the last one repeats).
        const constant = (value & 0x01) !== 0;
        const full = (x: RawUsage): number => (x.extended ? x.value : global.usagePage * 0x10000 + x.value);
        const bits = global.reportSize * global.reportCount;
        let r = reports.get(global.reportId);
        if (!r) reports.set(global.reportId, (r = { bits: 0, fields: [] }));
        if (global.reportSize > 32 || r.bits + bits > MAX_REPORT_BYTES * 8) return { ok: false, reason: `input report ${global.reportId} is larger than ${MAX_REPORT_BYTES} bytes` };
        for (let k = 0; k < global.reportCount; k++) {
          let usage: number | null = null;
          if (!constant) {
            if (usages.length > 0) usage = full(usages[Math.min(k, usages.length - 1)]!);
            else if (usageMin !== null && usageMax !== null) usage = Math.min(full(usageMin) + k, full(usageMax));
          }
          r.fields.push({ bit: r.bits + k * global.reportSize, size: global.reportSize, usage });
        }
        r.bits += bits;
      }
      // Every main item (Input, Output, Feature, Collection, End Collection) clears the locals.
      usages = [];
      usageMin = null;
      usageMax = null;
    }
  }
  for (const [reportId, r] of reports) {
    const layout = layoutOf(reportId, usedIds, r.bits, r.fields);
    if (layout) return layout;
  }
  return { ok: false, reason: 'no input report with Decoded Data (usage 0x8C:0xFE)' };
}

function layoutOf(reportId: number, usedIds: boolean, bits: number, fields: Field[]): DescriptorResult | null {
  const data = fields.filter((f) => f.usage === u(USAGE_DECODED_DATA));
  if (data.length === 0) return null;
  const base = usedIds ? 1 : 0;
  const byteOf = (f: Field): number => base + f.bit / 8;
  const aligned = (f: Field): boolean => f.size === 8 && f.bit % 8 === 0;
  if (!data.every(aligned)) return { ok: false, reason: `report ${reportId}: Decoded Data fields are not whole bytes` };
  for (let k = 1; k < data.length; k++) {
    if (data[k]!.bit !== data[k - 1]!.bit + 8) return { ok: false, reason: `report ${reportId}: Decoded Data bytes are not contiguous` };
  }
  const aim = [USAGE_SYMBOLOGY_ID_1, USAGE_SYMBOLOGY_ID_2, USAGE_SYMBOLOGY_ID_3].map((id) => fields.find((f) => f.usage === u(id)));
  const aimBytes = aim.every((f) => f && aligned(f)) ? aim.map((f) => byteOf(f!)) : [];
  const firstBarcode = fields.findIndex((f) => f.usage !== null && (f.usage === u(USAGE_DECODED_DATA) || aim.includes(f)));
  // Honeywell-style reports put the data length in an 8-bit field without a barcode usage just
  // before the symbology/data fields; neither page 0x8C nor the vendors give it a standard usage.
  const before = firstBarcode > 0 ? fields[firstBarcode - 1]! : null;
  const lengthByte = before && before.usage !== null && aligned(before) ? byteOf(before) : null;
  const cont = fields.find((f) => f.usage === u(USAGE_DECODE_DATA_CONTINUED));
  const lastData = fields.indexOf(data[data.length - 1]!);
  // The vendor's own symbology byte: the last non-padding byte after the data that is no barcode usage.
  const after = fields.slice(lastData + 1).filter((f) => f.usage !== null && f.usage >>> 16 !== USAGE_PAGE_BAR_CODE_SCANNER && aligned(f));
  const vendor = after.length > 0 ? after[after.length - 1]! : null;
  return {
    ok: true,
    layout: {
      reportId,
      reportLength: base + Math.ceil(bits / 8),
      lengthByte,
      aimBytes,
      dataOffset: byteOf(data[0]!),
      dataLength: data.length,
      vendorSymbologyByte: vendor ? byteOf(vendor) : null,
      continued: cont ? { byte: base + Math.floor(cont.bit / 8), bit: cont.bit % 8 } : null,
    },
  };
}
