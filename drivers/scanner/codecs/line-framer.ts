/**
 * Serial scanner framing: a scan ends with CR, LF or CR LF (the usual factory suffixes), or, for
 * scanners configured without a suffix, with a gap in the byte stream (the caller calls `flush()`
 * after its inter-byte timeout, like serialport's InterByteTimeoutParser). Pure and chunk-agnostic.
 */
export class LineFramer {
  private buf: number[] = [];
  /** The last frame ended on CR: an LF that follows belongs to it, not to a new frame. */
  private afterCr = false;

  feed(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const b of chunk) {
      if (b === 0x0a && this.afterCr) {
        this.afterCr = false;
        continue;
      }
      this.afterCr = false;
      if (b === 0x0d || b === 0x0a) {
        this.afterCr = b === 0x0d;
        if (this.buf.length > 0) frames.push(Uint8Array.from(this.buf));
        this.buf = [];
        continue;
      }
      this.buf.push(b);
    }
    return frames;
  }

  /** Whether bytes are waiting for a terminator. */
  hasPending(): boolean {
    return this.buf.length > 0;
  }

  /** End the current frame without a terminator (inter-byte timeout). */
  flush(): Uint8Array | null {
    if (this.buf.length === 0) return null;
    const f = Uint8Array.from(this.buf);
    this.buf = [];
    return f;
  }

  reset(): void {
    this.buf = [];
    this.afterCr = false;
  }
}
