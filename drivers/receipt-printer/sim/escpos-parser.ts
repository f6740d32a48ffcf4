/**
 * The simulator's side of ESC/POS: an incremental parser that turns the byte stream into commands,
 * whatever the chunking. It knows each command's length (including `GS ( k`, `GS k`, `GS v 0`
 * payloads), so bytes inside data are never mistaken for commands.
 */
export type EscPosOp =
  | { op: 'init' }
  | { op: 'chinese-mode'; on: boolean }
  | { op: 'code-table'; n: number }
  | { op: 'bold'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'align'; align: 'left' | 'center' | 'right' }
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'feed-lines'; n: number }
  | { op: 'feed-dots'; n: number }
  | { op: 'cut'; kind: 'full' | 'partial'; feed: number }
  | { op: 'asb'; mask: number }
  | { op: 'realtime-status'; n: number }
  | { op: 'realtime-request'; n: number }
  | { op: 'transmit-status'; n: number }
  | { op: 'qr'; fn: number; params: Uint8Array }
  | { op: 'barcode'; system: number; data: Uint8Array }
  | { op: 'barcode-param'; which: 'height' | 'width' | 'hri'; n: number }
  | { op: 'raster'; widthBytes: number; height: number; data: Uint8Array }
  | { op: 'present'; kind: 'custom-fs-p'; params: Uint8Array }
  | { op: 'retract'; kind: 'citizen-gs-r'; params: Uint8Array }
  | { op: 'other'; bytes: Uint8Array };

const NEED_MORE = -1;

export class EscPosParser {
  private buf: Uint8Array = new Uint8Array(0);

  /** Parse as many whole commands as the bytes so far hold; keep the rest for the next chunk. */
  feed(chunk: Uint8Array): EscPosOp[] {
    if (this.buf.length === 0) this.buf = chunk;
    else {
      const joined = new Uint8Array(this.buf.length + chunk.length);
      joined.set(this.buf);
      joined.set(chunk, this.buf.length);
      this.buf = joined;
    }
    const ops: EscPosOp[] = [];
    let i = 0;
    while (i < this.buf.length) {
      const used = this.parseOne(this.buf, i, ops);
      if (used === NEED_MORE) break;
      i += used;
    }
    this.buf = this.buf.slice(i);
    return ops;
  }

  /** Returns bytes consumed, or NEED_MORE. */
  private parseOne(b: Uint8Array, i: number, ops: EscPosOp[]): number {
    const c = b[i]!;
    const avail = b.length - i;
    const at = (k: number): number => b[i + k]!;
    if (c >= 0x20) {
      // A text run: up to the next control byte. Second bytes of GB double-byte codes are ≥ 0x40.
      let j = i;
      while (j < b.length && b[j]! >= 0x20) j++;
      // Do not split a double-byte character across chunks.
      if (j === b.length && b[j - 1]! >= 0x81 && oddHighRun(b, i, j)) j--;
      if (j === i) return NEED_MORE;
      ops.push({ op: 'text', bytes: b.slice(i, j) });
      return j - i;
    }
    if (c === 0x0a) {
      ops.push({ op: 'lf' });
      return 1;
    }
    if (c === 0x10) {
      if (avail < 3) return NEED_MORE;
      if (at(1) === 0x04) ops.push({ op: 'realtime-status', n: at(2) });
      else if (at(1) === 0x05) ops.push({ op: 'realtime-request', n: at(2) });
      else ops.push({ op: 'other', bytes: b.slice(i, i + 3) });
      return 3;
    }
    if (c === 0x1b) {
      if (avail < 2) return NEED_MORE;
      const k = at(1);
      if (k === 0x40) return push(ops, { op: 'init' }, 2);
      if (k === 0x32) return push(ops, { op: 'other', bytes: b.slice(i, i + 2) }, 2);
      if (avail < 3) return NEED_MORE;
      const n = at(2);
      switch (k) {
        case 0x45:
          return push(ops, { op: 'bold', on: (n & 1) === 1 }, 3);
        case 0x61:
          return push(ops, { op: 'align', align: n % 48 === 1 ? 'center' : n % 48 === 2 ? 'right' : 'left' }, 3);
        case 0x64:
          return push(ops, { op: 'feed-lines', n }, 3);
        case 0x4a:
          return push(ops, { op: 'feed-dots', n }, 3);
        case 0x74:
          return push(ops, { op: 'code-table', n }, 3);
        case 0x21:
          return push(ops, { op: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 }, 3);
        default:
          // ESC with one parameter byte (ESC -, ESC 3, ESC M, ESC SP, ESC R, ESC G …).
          return push(ops, { op: 'other', bytes: b.slice(i, i + 3) }, 3);
      }
    }
    if (c === 0x1c) {
      if (avail < 2) return NEED_MORE;
      const k = at(1);
      if (k === 0x26) return push(ops, { op: 'chinese-mode', on: true }, 2);
      if (k === 0x2e) return push(ops, { op: 'chinese-mode', on: false }, 2);
      if (k === 0x50) {
        if (avail < 6) return NEED_MORE;
        return push(ops, { op: 'present', kind: 'custom-fs-p', params: b.slice(i + 2, i + 6) }, 6);
      }
      if (avail < 3) return NEED_MORE;
      return push(ops, { op: 'other', bytes: b.slice(i, i + 3) }, 3);
    }
    if (c === 0x1d) {
      if (avail < 2) return NEED_MORE;
      const k = at(1);
      if (k === 0x28) {
        if (avail < 5) return NEED_MORE;
        const len = at(3) | (at(4) << 8);
        if (avail < 5 + len) return NEED_MORE;
        if (at(2) === 0x6b && len >= 2 && at(5) === 49) {
          ops.push({ op: 'qr', fn: at(6), params: b.slice(i + 7, i + 5 + len) });
        } else ops.push({ op: 'other', bytes: b.slice(i, i + 5 + len) });
        return 5 + len;
      }
      if (k === 0x76) {
        if (avail < 8) return NEED_MORE;
        const wb = at(4) | (at(5) << 8);
        const h = at(6) | (at(7) << 8);
        if (avail < 8 + wb * h) return NEED_MORE;
        ops.push({ op: 'raster', widthBytes: wb, height: h, data: b.slice(i + 8, i + 8 + wb * h) });
        return 8 + wb * h;
      }
      if (k === 0x6b) {
        if (avail < 3) return NEED_MORE;
        const m = at(2);
        if (m <= 6) {
          const end = b.indexOf(0, i + 3);
          if (end < 0) return NEED_MORE;
          ops.push({ op: 'barcode', system: m, data: b.slice(i + 3, end) });
          return end + 1 - i;
        }
        if (avail < 4) return NEED_MORE;
        const n = at(3);
        if (avail < 4 + n) return NEED_MORE;
        ops.push({ op: 'barcode', system: m, data: b.slice(i + 4, i + 4 + n) });
        return 4 + n;
      }
      if (k === 0x56) {
        if (avail < 3) return NEED_MORE;
        const m = at(2);
        if (m === 0 || m === 1 || m === 48 || m === 49) {
          return push(ops, { op: 'cut', kind: m % 48 === 0 ? 'full' : 'partial', feed: 0 }, 3);
        }
        if (avail < 4) return NEED_MORE;
        return push(ops, { op: 'cut', kind: m === 65 || m === 97 || m === 103 ? 'full' : 'partial', feed: at(3) }, 4);
      }
      if (k === 0x52) {
        if (avail < 3) return NEED_MORE;
        if (at(2) === 1) {
          if (avail < 4) return NEED_MORE;
          return push(ops, { op: 'retract', kind: 'citizen-gs-r', params: b.slice(i + 2, i + 4) }, 4);
        }
        return push(ops, { op: 'retract', kind: 'citizen-gs-r', params: b.slice(i + 2, i + 3) }, 3);
      }
      if (k === 0x4c || k === 0x57 || k === 0x24) {
        if (avail < 4) return NEED_MORE;
        return push(ops, { op: 'other', bytes: b.slice(i, i + 4) }, 4);
      }
      if (avail < 3) return NEED_MORE;
      const n = at(2);
      switch (k) {
        case 0x21:
          return push(ops, { op: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 }, 3);
        case 0x61:
          return push(ops, { op: 'asb', mask: n }, 3);
        case 0x72:
          return push(ops, { op: 'transmit-status', n }, 3);
        case 0x68:
          return push(ops, { op: 'barcode-param', which: 'height', n }, 3);
        case 0x77:
          return push(ops, { op: 'barcode-param', which: 'width', n }, 3);
        case 0x48:
          return push(ops, { op: 'barcode-param', which: 'hri', n }, 3);
        default:
          return push(ops, { op: 'other', bytes: b.slice(i, i + 3) }, 3);
      }
    }
    // CR, HT and other single control bytes.
    ops.push({ op: 'other', bytes: b.slice(i, i + 1) });
    return 1;
  }
}

function push(ops: EscPosOp[], op: EscPosOp, n: number): number {
  ops.push(op);
  return n;
}

/** True when the run ends on the first byte of a double-byte code (an odd number of lead bytes). */
function oddHighRun(b: Uint8Array, start: number, end: number): boolean {
  let k = start;
  let pendingLead = false;
  while (k < end) {
    if (b[k]! >= 0x81) {
      if (k + 1 < end) k += 2;
      else {
        pendingLead = true;
        k++;
      }
    } else k++;
  }
  return pendingLead;
}
