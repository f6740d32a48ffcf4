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
  | { op: 'clear-buffers' }
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
    if (c === 0x10) return this.dle(b, i, ops);
    if (c === 0x1b) return esc(b, i, ops);
    if (c === 0x1c) return fs(b, i, ops);
    if (c === 0x1d) return gs(b, i, ops);
    // CR, HT and other single control bytes.
    ops.push({ op: 'other', bytes: b.slice(i, i + 1) });
    return 1;
  }

  /** Real-time commands (`DLE EOT`, `DLE ENQ`, `DLE DC4`); a DLE that starts none of them is one byte. */
  private dle(b: Uint8Array, i: number, ops: EscPosOp[]): number {
    const avail = b.length - i;
    if (avail < 2) return NEED_MORE;
    const k = b[i + 1]!;
    if (k === 0x04 || k === 0x05) {
      if (avail < 3) return NEED_MORE;
      ops.push(k === 0x04 ? { op: 'realtime-status', n: b[i + 2]! } : { op: 'realtime-request', n: b[i + 2]! });
      return 3;
    }
    if (k === 0x14) {
      if (avail < 3) return NEED_MORE;
      const fn = b[i + 2]!;
      // Lengths per fn: 1 pulse (m t), 2 power-off (1 8), 7 transmit status (m), 8 clear buffers (d1…d7).
      const len = fn === 1 || fn === 2 ? 5 : fn === 7 ? 4 : fn === 8 ? 10 : 3;
      if (avail < len) return NEED_MORE;
      if (fn === 8 && CLEAR_BUFFERS_DATA.every((d, k2) => b[i + 3 + k2] === d)) ops.push({ op: 'clear-buffers' });
      else ops.push({ op: 'other', bytes: b.slice(i, i + len) });
      return len;
    }
    ops.push({ op: 'other', bytes: b.slice(i, i + 1) });
    return 1;
  }
}

/** `DLE DC4 fn=8` d1…d7, fixed by the manual (Epson ESC/POS reference; Citizen CT-S series). */
const CLEAR_BUFFERS_DATA = [1, 3, 20, 1, 6, 2, 8] as const;

/**
 * `ESC` commands by their length (Epson ESC/POS reference, standard mode). An `ESC x` the table does
 * not know is taken as two bytes: guessing a parameter byte would swallow the next command or text.
 */
const ESC_FIXED: Record<number, number> = {
  0x0c: 2, // ESC FF print in page mode
  0x32: 2, // ESC 2 default line spacing
  0x3c: 2, // ESC < return home
  0x4c: 2, // ESC L page mode
  0x53: 2, // ESC S standard mode
  0x69: 2, // ESC i partial cut (legacy)
  0x6d: 2, // ESC m partial cut (legacy)
  0x76: 2, // ESC v transmit paper sensor status (legacy)
  0x20: 3, // ESC SP n right-side character spacing
  0x25: 3, // ESC % n user-defined character set
  0x2d: 3, // ESC - n underline
  0x33: 3, // ESC 3 n line spacing
  0x3d: 3, // ESC = n select peripheral device
  0x3f: 3, // ESC ? n cancel user-defined character
  0x47: 3, // ESC G n double-strike
  0x4b: 3, // ESC K n reverse feed (TM-U)
  0x4d: 3, // ESC M n character font
  0x52: 3, // ESC R n international character set
  0x54: 3, // ESC T n print direction (page mode)
  0x55: 3, // ESC U n unidirectional printing
  0x56: 3, // ESC V n 90° rotation
  0x65: 3, // ESC e n reverse feed n lines
  0x72: 3, // ESC r n print colour
  0x75: 3, // ESC u n transmit peripheral status (legacy)
  0x7b: 3, // ESC { n upside-down
  0x24: 4, // ESC $ nL nH absolute position
  0x42: 4, // ESC B n t beeper (Chinese-market printers: SPRT, Xprinter)
  0x5c: 4, // ESC \ nL nH relative position
  0x63: 4, // ESC c 0/1/3/4/5 n paper type, sensors, panel buttons
  0x70: 5, // ESC p m t1 t2 cash drawer pulse
  0x57: 10, // ESC W xL xH yL yH dxL dxH dyL dyH print area (page mode)
};

/** `GS ( k …` (QR and other functions), `GS v 0` (raster image) and `GS k` (barcode): commands carrying data of a stated length. */
function gsData(b: Uint8Array, i: number, k: number, ops: EscPosOp[]): number {
  const avail = b.length - i;
  const at = (n: number): number => b[i + n]!;
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
  // GS k: a barcode, NUL-terminated (m ≤ 6) or with its length first.
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

/** `GS …` commands: QR and other `GS ( k` functions, raster images, barcodes, cuts, retract and the one-byte parameters. */
function gs(b: Uint8Array, i: number, ops: EscPosOp[]): number {
  const avail = b.length - i;
  const at = (k: number): number => b[i + k]!;
  if (avail < 2) return NEED_MORE;
  const k = at(1);
  if (k === 0x28 || k === 0x76 || k === 0x6b) return gsData(b, i, k, ops);
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
  if (k === 0x38 && avail >= 3 && at(2) === 0x4c) {
    // `GS 8 L p1 p2 p3 p4 m fn …`: graphics data with a 4-byte length.
    if (avail < 7) return NEED_MORE;
    const len = at(3) + at(4) * 0x100 + at(5) * 0x10000 + at(6) * 0x1000000;
    return whole(b, i, 7 + len, ops);
  }
  if (k === 0x2a) {
    // `GS * x y d1…d(x×y×8)`: define downloaded bit image.
    if (avail < 4) return NEED_MORE;
    return whole(b, i, 4 + at(2) * at(3) * 8, ops);
  }
  if (k === 0x3a) return push(ops, { op: 'other', bytes: b.slice(i, i + 2) }, 2); // `GS :` macro start/end
  if (k === 0x5e || (k === 0x67 && avail >= 3 && (at(2) === 0x30 || at(2) === 0x32))) {
    // `GS ^ r t m` (execute macro), `GS g 0 m nL nH` / `GS g 2 m nL nH` (maintenance counter).
    return whole(b, i, 5, ops);
  }
  if (k === 0x50 || k === 0x5c) {
    // `GS P x y` (motion units), `GS \ nL nH` (relative vertical position).
    return whole(b, i, 4, ops);
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

function esc(b: Uint8Array, i: number, ops: EscPosOp[]): number {
  const avail = b.length - i;
  if (avail < 2) return NEED_MORE;
  const k = b[i + 1]!;
  if (k === 0x40) return push(ops, { op: 'init' }, 2);
  switch (k) {
    case 0x45:
    case 0x61:
    case 0x64:
    case 0x4a:
    case 0x74:
    case 0x21: {
      if (avail < 3) return NEED_MORE;
      const n = b[i + 2]!;
      if (k === 0x45) return push(ops, { op: 'bold', on: (n & 1) === 1 }, 3);
      if (k === 0x61) return push(ops, { op: 'align', align: n % 48 === 1 ? 'center' : n % 48 === 2 ? 'right' : 'left' }, 3);
      if (k === 0x64) return push(ops, { op: 'feed-lines', n }, 3);
      if (k === 0x4a) return push(ops, { op: 'feed-dots', n }, 3);
      if (k === 0x74) return push(ops, { op: 'code-table', n }, 3);
      return push(ops, { op: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 }, 3);
    }
    case 0x2a: {
      // ESC * m nL nH d…: bit image, nL + nH×256 columns of 1 (m = 0, 1) or 3 (m = 32, 33) bytes.
      if (avail < 5) return NEED_MORE;
      const m = b[i + 2]!;
      const cols = b[i + 3]! | (b[i + 4]! << 8);
      return whole(b, i, 5 + cols * (m === 32 || m === 33 ? 3 : 1), ops);
    }
    case 0x26: {
      // ESC & y c1 c2 [x d1…d(y×x)]…: user-defined characters c1..c2, each x columns of y bytes.
      if (avail < 5) return NEED_MORE;
      const y = b[i + 2]!;
      const count = b[i + 4]! - b[i + 3]! + 1;
      let o = 5;
      for (let ch = 0; ch < count; ch++) {
        if (avail < o + 1) return NEED_MORE;
        o += 1 + y * b[i + o]!;
      }
      return whole(b, i, o, ops);
    }
    case 0x44: {
      // ESC D n1…nk NUL: horizontal tab positions (at most 32).
      const end = b.indexOf(0, i + 2);
      if (end < 0) return avail > 2 + 33 ? whole(b, i, 2 + 33, ops) : NEED_MORE;
      return whole(b, i, end + 1 - i, ops);
    }
    case 0x28: {
      // ESC ( A / ESC ( Y …: fn pL pH, then pL + pH×256 bytes.
      if (avail < 5) return NEED_MORE;
      return whole(b, i, 5 + (b[i + 3]! | (b[i + 4]! << 8)), ops);
    }
    default:
      return whole(b, i, ESC_FIXED[k] ?? 2, ops);
  }
}

/** `FS` commands (Kanji and NV graphics). An unknown `FS x` is two bytes, as for ESC. */
function fs(b: Uint8Array, i: number, ops: EscPosOp[]): number {
  const avail = b.length - i;
  if (avail < 2) return NEED_MORE;
  const k = b[i + 1]!;
  if (k === 0x26) return push(ops, { op: 'chinese-mode', on: true }, 2);
  if (k === 0x2e) return push(ops, { op: 'chinese-mode', on: false }, 2);
  if (k === 0x50) {
    // Custom VKP80III `FS P` ejector: four parameter bytes.
    if (avail < 6) return NEED_MORE;
    return push(ops, { op: 'present', kind: 'custom-fs-p', params: b.slice(i + 2, i + 6) }, 6);
  }
  switch (k) {
    case 0x21: // FS ! n Kanji print modes
    case 0x2d: // FS - n Kanji underline
    case 0x43: // FS C n Kanji code system
    case 0x57: // FS W n Kanji quadruple size
      return whole(b, i, 3, ops);
    case 0x53: // FS S n1 n2 Kanji spacing
    case 0x70: // FS p n m print NV bit image
      return whole(b, i, 4, ops);
    case 0x32: // FS 2 c1 c2 d1…d72: define a 24×24 user Kanji
      return whole(b, i, 4 + 72, ops);
    case 0x28: {
      // FS ( A / C / E / L / e …: fn pL pH, then pL + pH×256 bytes.
      if (avail < 5) return NEED_MORE;
      return whole(b, i, 5 + (b[i + 3]! | (b[i + 4]! << 8)), ops);
    }
    default:
      return whole(b, i, 2, ops);
  }
}

/** Largest command the simulator buffers whole; a length field beyond it is taken as garbage. */
const MAX_COMMAND_BYTES = 4 * 1024 * 1024;

/** A command of `len` bytes kept as `other`, or NEED_MORE until all of it has arrived. */
function whole(b: Uint8Array, i: number, len: number, ops: EscPosOp[]): number {
  if (len > MAX_COMMAND_BYTES) len = 2; // bounded memory: skip the command bytes, not the stream
  if (b.length - i < len) return NEED_MORE;
  ops.push({ op: 'other', bytes: b.slice(i, i + len) });
  return len;
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
