import iconv from 'iconv-lite';
import { KioskError } from '../../../contracts/errors.js';
import { encodeAsb, encodePaperSensorReply, encodeRealtimeReply, type PrinterCondition } from '../escpos/status-codec.js';
import { EscPosParser, type EscPosOp } from './escpos-parser.js';
import type { PrintoutLine } from '../../../contracts/protocol.js';
import { renderPrintoutPng, type RenderItem } from './render-png.js';

/** The simulator's settable condition (offline = it answers nothing and prints nothing). */
export interface SimPrinterState {
  online: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

/** One finished receipt (ended by a cut or by `GS r`). */
export interface SimPrintout {
  at: string;
  /** Printed text, one line per line feed; codes as `[QR] …`, `[BARCODE] …`, `[IMAGE w×h]`, `[CUT full|partial]`. */
  text: string;
  items: RenderItem[];
  /** Time the simulated mechanism spent printing this receipt, ms (its own print time). */
  printMs: number;
  /**
   * True for paper that came out without its cut: the lines printed before the paper ran out, when
   * the rest of that job was then cleared from the buffer (`DLE DC4 8` / `DLE ENQ 2`).
   */
  partial?: boolean;
}

/** Mechanism model; defaults are a typical 80 mm Chinese thermal printer. */
export interface SimPrinterOptions {
  /** Paper speed, mm/s (typical 150–250). Default 200. */
  speedMmPerS?: number;
  dotsPerMm?: number;
  printWidthDots?: number;
  /** Text line height at size 1, dots (24-dot font + spacing). Default 30. */
  lineDots?: number;
  /** Time a cut takes, ms. Default 120. */
  cutMs?: number;
  /** Which bit of each near-end pair this printer sets (status-codec `PrinterCondition`). Default `both`. */
  nearEndBits?: 'both' | 'first' | 'second';
}

/** Where a reply goes: the connection that sent the command. */
export type ReplySink = (bytes: Uint8Array) => void;

interface QueuedOp {
  op: EscPosOp;
  sink: ReplySink;
}

/**
 * A transport-agnostic ESC/POS printer: real-time commands (`DLE EOT`) are answered on receipt, all
 * other commands run on a timed mechanism that stops on paper end, cover open or offline and resumes
 * when cleared; `GS r 1` is answered when the mechanism reaches it; ASB blocks are sent on change.
 */
export class SimPrinter {
  private cond: SimPrinterState = { online: true, paperEnd: false, paperNearEnd: false, coverOpen: false };
  private readonly parsers = new Map<ReplySink, EscPosParser>();
  private readonly queue: QueuedOp[] = [];
  private running = false;
  private wake: (() => void) | null = null;
  private closed = false;
  private asbSink: ReplySink | null = null;
  private readonly outs: SimPrintout[] = [];
  private readonly opts: Required<SimPrinterOptions>;
  // Current page state.
  private chinese = true; // Chinese-market printers power up in Chinese mode.
  private style = { bold: false, width: 1, height: 1, align: 'left' as 'left' | 'center' | 'right' };
  private lineBytes: number[] = [];
  private items: RenderItem[] = [];
  private textLines: string[] = [];
  /** Wall-clock start of the receipt being printed (performance.now()), null between receipts. */
  private jobStart: number | null = null;
  private finishPending = false;
  private qrModule = 3;
  private qrData: Uint8Array | null = null;
  private readonly listeners = new Set<(p: SimPrintout) => void>();
  /** Text lines left on the roll; null = plenty. */
  private paperLines: number | null = null;

  constructor(options: SimPrinterOptions = {}) {
    this.opts = { speedMmPerS: 200, dotsPerMm: 8, printWidthDots: 576, lineDots: 30, cutMs: 120, nearEndBits: 'both', ...options };
  }

  /**
   * Load a roll with room for `lines` more text lines (null = plenty): the paper then runs out in the
   * middle of whatever is printing, as a real roll does. Clearing paper end loads a fresh roll.
   */
  loadPaper(lines: number | null): void {
    this.paperLines = lines;
    this.setState({ paperEnd: lines === 0 });
  }

  state(): SimPrinterState {
    return { ...this.cond };
  }

  setState(patch: Partial<SimPrinterState>): void {
    const before = JSON.stringify(this.cond);
    this.cond = { ...this.cond, ...patch };
    if (patch.paperEnd === false && this.paperLines === 0) this.paperLines = null; // refilled
    if (JSON.stringify(this.cond) === before) return;
    if (this.cond.online && this.asbSink) this.asbSink(Uint8Array.from(encodeAsb(this.condition())));
    this.wake?.();
  }

  printouts(): SimPrintout[] {
    return [...this.outs];
  }

  onPrintout(listener: (p: SimPrintout) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** PNG of a printout, rendered on demand. */
  png(p: SimPrintout): Buffer {
    return renderPrintoutPng(p.items, this.opts.printWidthDots);
  }

  /**
   * A printout line by line for a screen that has fonts (the developer panel): text as text, with
   * its size, weight and alignment; QR codes, barcodes and raster images as PNGs of the paper width.
   */
  lines(p: SimPrintout): { widthDots: number; lines: PrintoutLine[] } {
    const widthDots = this.opts.printWidthDots;
    const lines = p.items.map((it): PrintoutLine => {
      if (it.kind === 'text' || it.kind === 'feed' || it.kind === 'cut') return it;
      return { kind: 'picture', pngBase64: renderPrintoutPng([it], widthDots).toString('base64') };
    });
    return { widthDots, lines };
  }

  /** Bytes from one connection. */
  receive(chunk: Uint8Array, sink: ReplySink): void {
    if (this.closed) return;
    let parser = this.parsers.get(sink);
    if (!parser) {
      parser = new EscPosParser();
      this.parsers.set(sink, parser);
    }
    for (const op of parser.feed(chunk)) {
      if (op.op === 'realtime-status') {
        // Real-time: answered at once, even while the mechanism is stopped, but never when offline.
        if (this.cond.online) sink(Uint8Array.of(encodeRealtimeReply(op.n, this.condition())));
        continue;
      }
      if (op.op === 'clear-buffers') {
        // `DLE DC4 fn=8`: real-time, executed even while stopped by paper end; answers 37 25 00.
        if (this.cond.online) {
          this.clearBuffers();
          sink(Uint8Array.of(0x37, 0x25, 0x00));
        }
        continue;
      }
      if (op.op === 'realtime-request') {
        // `DLE ENQ 2`: recover clearing the receive and print buffers, no answer (as Custom's manuals
        // describe it; Epson and Citizen apply it to auto-cutter errors, which this simulator has not).
        if (op.n === 2 && this.cond.online) this.clearBuffers();
        continue;
      }
      this.queue.push({ op, sink });
    }
    this.run();
  }

  /** A connection went away: forget its parser (the bytes it sent stay queued, as on a real printer). */
  disconnect(sink: ReplySink): void {
    this.parsers.delete(sink);
    if (this.asbSink === sink) this.asbSink = null;
    for (const q of this.queue) if (q.sink === sink) q.sink = () => undefined;
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.wake?.();
  }

  private condition(): PrinterCondition {
    return { paperEnd: this.cond.paperEnd, paperNearEnd: this.cond.paperNearEnd, coverOpen: this.cond.coverOpen, nearEndBits: this.opts.nearEndBits };
  }

  /**
   * Drop everything received and not yet printed, as the clear-buffer commands do. Lines already
   * printed are on the paper: they come out as a partial printout without a cut.
   */
  private clearBuffers(): void {
    this.queue.length = 0;
    this.lineBytes = [];
    this.qrData = null;
    this.finishPending = false;
    if (this.textLines.length > 0) this.finishPrintout(true);
    this.jobStart = null;
    this.wake?.();
  }

  private canPrint(): boolean {
    return this.cond.online && !this.cond.paperEnd && !this.cond.coverOpen;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        if (!this.canPrint()) {
          await new Promise<void>((r) => (this.wake = r));
          this.wake = null;
          continue;
        }
        const { op, sink } = this.queue.shift()!;
        // Status commands between receipts do not start a receipt's print time.
        if (op.op !== 'transmit-status' && op.op !== 'asb') this.jobStart ??= performance.now();
        const ms = this.execute(op, sink);
        if (ms > 0) await new Promise((r) => setTimeout(r, ms));
        if (this.finishPending) this.finishPrintout();
      }
    } finally {
      this.running = false;
    }
  }

  private mmToMs(dots: number): number {
    return (dots / this.opts.dotsPerMm / this.opts.speedMmPerS) * 1000;
  }

  /** Carry out one command; returns the mechanism time it takes, ms. */
  private execute(op: EscPosOp, sink: ReplySink): number {
    switch (op.op) {
      case 'init':
        this.chinese = true;
        this.style = { bold: false, width: 1, height: 1, align: 'left' };
        return 0;
      case 'chinese-mode':
        this.chinese = op.on;
        return 0;
      case 'bold':
        this.style.bold = op.on;
        return 0;
      case 'size':
        this.style.width = op.width;
        this.style.height = op.height;
        return 0;
      case 'align':
        this.style.align = op.align;
        return 0;
      case 'text':
        for (const b of op.bytes) this.lineBytes.push(b);
        return 0;
      case 'lf':
        return this.endLine();
      case 'feed-lines': {
        let ms = this.lineBytes.length > 0 ? this.endLine() : 0;
        for (let k = 0; k < op.n; k++) ms += this.blank(this.opts.lineDots);
        return ms;
      }
      case 'feed-dots':
        return this.blank(op.n);
      case 'cut': {
        let ms = this.lineBytes.length > 0 ? this.endLine() : 0;
        ms += this.blank(op.feed) + this.opts.cutMs;
        this.items.push({ kind: 'cut', full: op.kind === 'full' });
        this.textLines.push(`[CUT ${op.kind}]`);
        this.finishPending = true;
        return ms;
      }
      case 'asb':
        this.asbSink = op.mask === 0 ? null : sink;
        if (op.mask !== 0) sink(Uint8Array.from(encodeAsb(this.condition())));
        return 0;
      case 'transmit-status':
        if (op.n === 1 || op.n === 49) sink(Uint8Array.of(encodePaperSensorReply(this.condition())));
        return 0;
      case 'qr':
        return this.qr(op.fn, op.params);
      case 'barcode': {
        const data = Buffer.from(op.data).toString('latin1').replace(/^\{B/, '');
        this.items.push({ kind: 'barcode', data, align: this.style.align });
        this.textLines.push(`[BARCODE] ${data}`);
        return this.mmToMs(80 + this.opts.lineDots);
      }
      case 'raster': {
        this.items.push({ kind: 'image', widthBytes: op.widthBytes, height: op.height, data: op.data, align: this.style.align });
        this.textLines.push(`[IMAGE ${op.widthBytes * 8}x${op.height}]`);
        return this.mmToMs(op.height);
      }
      default:
        return 0;
    }
  }

  private qr(fn: number, params: Uint8Array): number {
    if (fn === 67) this.qrModule = params[0] ?? 3;
    else if (fn === 80) this.qrData = params.slice(1); // m = 48, then data
    else if (fn === 81 && this.qrData) {
      const data = Buffer.from(this.qrData).toString('utf8');
      this.items.push({ kind: 'qr', data, module: this.qrModule, align: this.style.align });
      this.textLines.push(`[QR] ${data}`);
      // Version-dependent size; ~33 modules + quiet zone is typical for a URL.
      return this.mmToMs((33 + 8) * this.qrModule);
    }
    return 0;
  }

  private blank(dots: number): number {
    if (dots <= 0) return 0;
    this.items.push({ kind: 'feed', dots });
    return this.mmToMs(dots);
  }

  private endLine(): number {
    const bytes = Uint8Array.from(this.lineBytes);
    this.lineBytes = [];
    const text = this.chinese ? iconv.decode(Buffer.from(bytes), 'gb18030') : Buffer.from(bytes).toString('latin1');
    this.textLines.push(text);
    this.items.push({ kind: 'text', text, ...this.style });
    if (this.paperLines !== null && --this.paperLines <= 0) {
      this.paperLines = 0;
      this.setState({ paperEnd: true }); // the roll ran out on this line: the mechanism stops
    }
    return this.mmToMs(this.opts.lineDots * this.style.height);
  }

  /** The receipt is cut: record it with the wall-clock time the mechanism spent on it. */
  private finishPrintout(partial = false): void {
    const p: SimPrintout = {
      at: new Date().toISOString(),
      text: this.textLines.join('\n'),
      items: this.items,
      printMs: Math.round(performance.now() - (this.jobStart ?? performance.now())),
      ...(partial ? { partial: true } : {}),
    };
    this.textLines = [];
    this.items = [];
    this.jobStart = null;
    this.finishPending = false;
    this.outs.push(p);
    if (this.outs.length > 50) this.outs.shift();
    for (const l of this.listeners) l(p);
  }
}

/** The error a launcher raises when the simulator cannot start. */
export function simStartError(what: string, cause: unknown): KioskError {
  return new KioskError('device-error', `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, false, { cause });
}
