/**
 * HID-POS (USB HID usage page 0x8C "Bar Code Scanner") input reports, as documented for Newland,
 * Unitech, Saveo and Honeywell-style engines (peripherals.md §3.2), counting the report ID as byte 0:
 *
 *   [0] report ID 0x02 · [1] data length 1–56 · [2..57] data · [58..61] reserved ·
 *   [62] vendor symbology id · [63] 1 = more data follows in the next report
 *
 * Pure: reports in, assembled scans out.
 */
export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_MAX_DATA = 56;
const REPORT_LEN = 64;

/** Vendors whose scanners need feature report 254 = 0x01 to send HID-POS reports (Honeywell, HHP, Youjie). */
export const ENABLE_FEATURE_VENDORS = [0x0c2e, 0x0536, 0x23d0] as const;
/** The feature report that switches those scanners' HID-POS output on: report 254, value 0x01. */
export const ENABLE_FEATURE_REPORT: readonly number[] = [0xfe, 0x01];

export interface HidPosReport {
  data: Uint8Array;
  symbologyId: number;
  more: boolean;
}

/**
 * Parse one input report. Some stacks strip the report ID (63 bytes left); both forms are accepted.
 * Returns null for reports that are not HID-POS data (other report IDs).
 */
export function parseHidPosReport(report: Uint8Array): HidPosReport | null {
  let r = report;
  if (r.length === REPORT_LEN - 1) {
    r = new Uint8Array(REPORT_LEN);
    r[0] = HID_POS_REPORT_ID;
    r.set(report, 1);
  }
  if (r.length < REPORT_LEN || r[0] !== HID_POS_REPORT_ID) return null;
  const len = Math.min(r[1]!, HID_POS_MAX_DATA);
  return { data: r.slice(2, 2 + len), symbologyId: r[62]!, more: r[63] !== 0 };
}

/** Build a report (what a scanner sends); used by the simulator and the golden tests. */
export function buildHidPosReport(data: Uint8Array, more: boolean, symbologyId = 0): Uint8Array {
  if (data.length > HID_POS_MAX_DATA) throw new RangeError(`HID-POS report carries at most ${HID_POS_MAX_DATA} bytes`);
  const r = new Uint8Array(REPORT_LEN);
  r[0] = HID_POS_REPORT_ID;
  r[1] = data.length;
  r.set(data, 2);
  r[62] = symbologyId;
  r[63] = more ? 1 : 0;
  return r;
}

/** Split a payload into the chained reports a scanner sends. */
export function splitIntoReports(payload: Uint8Array, symbologyId = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < payload.length; o += HID_POS_MAX_DATA) {
    const part = payload.subarray(o, o + HID_POS_MAX_DATA);
    out.push(buildHidPosReport(part, o + HID_POS_MAX_DATA < payload.length, symbologyId));
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
  private symbologyId = 0;

  feed(report: Uint8Array): AssembledScan | null {
    const r = parseHidPosReport(report);
    if (!r) return null;
    this.parts.push(r.data);
    if (r.symbologyId) this.symbologyId = r.symbologyId;
    if (r.more) return null;
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(total);
    let o = 0;
    for (const p of this.parts) {
      bytes.set(p, o);
      o += p.length;
    }
    const id = this.symbologyId;
    this.reset();
    return stripAim(stripTrailingCr(bytes), id);
  }

  reset(): void {
    this.parts = [];
    this.symbologyId = 0;
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
