import { NEWLAND_LAYOUT } from './hid-pos-layouts.js';
import type { HidPosLayout } from './hid-report-descriptor.js';

/**
 * HID-POS (USB HID usage page 0x8C "Bar Code Scanner") input reports. Where the data, AIM identifier,
 * length and continuation flag sit differs by vendor, so every function takes a {@link HidPosLayout}
 * (from the device's report descriptor or its model profile, hid-pos-layouts.ts); the default is
 * Newland's, counting the report ID as byte 0:
 *
 *   [0] report ID 0x02 · [1] data length 1–56 · [2..57] data · [58..61] reserved ·
 *   [62] vendor symbology id · [63] 1 = more data follows in the next report
 *
 * Pure: reports in, assembled scans out.
 */
export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_MAX_DATA = 56;
/** A QR code holds at most 7089 bytes; a chain of "more follows" reports longer than this is dropped. */
export const MAX_SCAN_BYTES = 16 * 1024;

/** Vendors whose scanners need feature report 254 = 0x01 to send HID-POS reports (Honeywell, HHP, Youjie). */
export const ENABLE_FEATURE_VENDORS = [0x0c2e, 0x0536, 0x23d0] as const;
/** The feature report that switches those scanners' HID-POS output on: report 254, value 0x01. */
export const ENABLE_FEATURE_REPORT: readonly number[] = [0xfe, 0x01];

export interface HidPosReport {
  data: Uint8Array;
  /** AIM identifier from the report's own symbology fields (0xFB–0xFD), e.g. `]Q1`; null when absent. */
  aim: string | null;
  symbologyId: number;
  more: boolean;
}

/**
 * Parse one input report. Some stacks strip the report ID (one byte short); both forms are accepted.
 * Returns null for reports that are not this layout's scanned data (other report IDs, short reports).
 */
export function parseHidPosReport(report: Uint8Array, layout: HidPosLayout = NEWLAND_LAYOUT): HidPosReport | null {
  let r = report;
  if (layout.reportId !== 0 && r.length === layout.reportLength - 1) {
    r = new Uint8Array(layout.reportLength);
    r[0] = layout.reportId;
    r.set(report, 1);
  }
  if (r.length < layout.reportLength || (layout.reportId !== 0 && r[0] !== layout.reportId)) return null;
  let len = layout.dataLength;
  if (layout.lengthByte !== null) len = Math.min(r[layout.lengthByte]!, layout.dataLength);
  else while (len > 0 && r[layout.dataOffset + len - 1] === 0) len--; // no length field: data is NUL-padded
  const a = layout.aimBytes;
  const aim = a.length === 3 && r[a[0]!] === 0x5d && isAimChar(r[a[1]!]!) && isAimChar(r[a[2]!]!) ? String.fromCharCode(r[a[0]!]!, r[a[1]!]!, r[a[2]!]!) : null;
  return {
    data: r.slice(layout.dataOffset, layout.dataOffset + len),
    aim,
    symbologyId: layout.vendorSymbologyByte !== null ? r[layout.vendorSymbologyByte]! : 0,
    more: layout.continued !== null && ((r[layout.continued.byte]! >> layout.continued.bit) & 1) === 1,
  };
}

/** What a scanner puts besides the data into a report. */
export interface ReportExtras {
  symbologyId?: number;
  /** Three-character AIM identifier for layouts with symbology fields (ignored by others). */
  aim?: string;
}

/** Build a report (what a scanner sends); used by the simulator and the golden tests. */
export function buildHidPosReport(data: Uint8Array, more: boolean, extras: ReportExtras = {}, layout: HidPosLayout = NEWLAND_LAYOUT): Uint8Array {
  if (data.length > layout.dataLength) throw new RangeError(`HID-POS report carries at most ${layout.dataLength} bytes`);
  const r = new Uint8Array(layout.reportLength);
  if (layout.reportId !== 0) r[0] = layout.reportId;
  if (layout.lengthByte !== null) r[layout.lengthByte] = data.length;
  r.set(data, layout.dataOffset);
  if (extras.aim && layout.aimBytes.length === 3) layout.aimBytes.forEach((b, k) => (r[b] = extras.aim!.charCodeAt(k) & 0xff));
  if (layout.vendorSymbologyByte !== null) r[layout.vendorSymbologyByte] = extras.symbologyId ?? 0;
  if (more && layout.continued) r[layout.continued.byte]! |= 1 << layout.continued.bit;
  return r;
}

/** Split a payload into the chained reports a scanner sends. */
export function splitIntoReports(payload: Uint8Array, extras: ReportExtras = {}, layout: HidPosLayout = NEWLAND_LAYOUT): Uint8Array[] {
  const out: Uint8Array[] = [];
  const n = layout.dataLength;
  for (let o = 0; o < payload.length; o += n) {
    out.push(buildHidPosReport(payload.subarray(o, o + n), o + n < payload.length, extras, layout));
  }
  return out;
}

/** An assembled scan: raw payload (AIM prefix and trailing CR removed) and its symbology. */
export interface AssembledScan {
  bytes: Uint8Array;
  /** AIM identifier such as `]Q1`, when the scanner sent one. */
  aim: string | null;
  symbology: string | null;
}

/** Appends chained reports until the continuation flag is 0. */
export class HidPosAssembler {
  private parts: Uint8Array[] = [];
  private total = 0;
  private symbologyId = 0;
  private aim: string | null = null;
  private discarding = false;
  /** Chains dropped for exceeding {@link MAX_SCAN_BYTES}. */
  dropped = 0;

  constructor(private layout: HidPosLayout = NEWLAND_LAYOUT) {}

  /** Switch layout (after the transport read the descriptor); drops a half-assembled scan. */
  setLayout(layout: HidPosLayout): void {
    this.layout = layout;
    this.reset();
  }

  feed(report: Uint8Array): AssembledScan | null {
    const r = parseHidPosReport(report, this.layout);
    if (!r) return null;
    if (this.discarding) {
      // The rest of an oversized chain, up to and including its last report, is not a new scan.
      if (!r.more) this.discarding = false;
      return null;
    }
    this.parts.push(r.data);
    this.total += r.data.length;
    if (r.symbologyId) this.symbologyId = r.symbologyId;
    this.aim ??= r.aim;
    if (this.total > MAX_SCAN_BYTES) {
      this.dropped++;
      this.reset();
      this.discarding = r.more;
      return null;
    }
    if (r.more) return null;
    const bytes = new Uint8Array(this.total);
    let o = 0;
    for (const p of this.parts) {
      bytes.set(p, o);
      o += p.length;
    }
    const id = this.symbologyId;
    const aim = this.aim;
    this.reset();
    const body = stripTrailingCr(bytes);
    // The AIM identifier came in its own fields: the data is all payload. Otherwise the scanner may
    // have been set to prefix it to the data.
    if (aim) return { bytes: body.slice(), aim, symbology: AIM_CODES[aim[1]!] ?? `aim-${aim.slice(1)}` };
    return stripAim(body, id);
  }

  reset(): void {
    this.discarding = false;
    this.parts = [];
    this.total = 0;
    this.symbologyId = 0;
    this.aim = null;
  }
}

function stripTrailingCr(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x0d || b[end - 1] === 0x0a)) end--;
  return b.subarray(0, end);
}

/** AIM symbology identifiers (ISO/IEC 15424): `]` + code character + modifier. */
const AIM_CODES: Record<string, string> = {
  Q: 'qr',
  d: 'datamatrix',
  C: 'code128',
  E: 'ean-upc',
  A: 'code39',
  L: 'pdf417',
  I: 'itf',
  e: 'gs1-databar',
  z: 'aztec',
  X: 'other',
};

/** Remove an AIM identifier at the start of the payload, reporting the symbology it names. */
export function stripAim(b: Uint8Array, vendorSymbologyId = 0): AssembledScan {
  if (b.length >= 3 && b[0] === 0x5d && isAimChar(b[1]!) && isAimChar(b[2]!)) {
    const aim = String.fromCharCode(b[0]!, b[1]!, b[2]!);
    return { bytes: b.slice(3), aim, symbology: AIM_CODES[aim[1]!] ?? `aim-${aim.slice(1)}` };
  }
  return { bytes: b.slice(), aim: null, symbology: vendorSymbologyId ? `vendor-0x${vendorSymbologyId.toString(16).padStart(2, '0')}` : null };
}

function isAimChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
