/**
 * The social security card's records are simple TLV (one tag byte, a length byte or `81 LL`,
 * the value). A record's tag, not its position in the file, names the field: 2.0 and 3.0 cards
 * number their records differently.
 */
export interface Tlv {
  tag: number;
  value: Uint8Array;
}

/** Parse one or more TLVs; null on anything malformed (a truncated or overlong length). */
export function parseSimpleTlv(bytes: Uint8Array): Tlv[] | null {
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i]!;
    // Padding after the last TLV (00 or FF) ends the record.
    if (tag === 0x00 || tag === 0xff) break;
    if (i + 1 >= bytes.length) return null;
    let len = bytes[i + 1]!;
    let head = 2;
    if (len === 0x81) {
      if (i + 2 >= bytes.length) return null;
      len = bytes[i + 2]!;
      head = 3;
    } else if (len > 0x80) {
      return null;
    }
    if (i + head + len > bytes.length) return null;
    out.push({ tag, value: bytes.slice(i + head, i + head + len) });
    i += head + len;
  }
  return out;
}

export function encodeSimpleTlv(tag: number, value: Uint8Array): Uint8Array {
  const head = value.length < 0x80 ? [tag, value.length] : [tag, 0x81, value.length];
  if (value.length > 0xff) throw new RangeError('TLV value too long');
  return Uint8Array.from([...head, ...value]);
}
