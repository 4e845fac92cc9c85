/**
 * LEB128-style unsigned varints: the serialised model state stores sorted bucket numbers as
 * deltas, which are mostly one or two bytes instead of four. Output is a Uint8Array, which
 * IndexedDB stores as-is (structured clone), no base64 needed.
 */

export class VarintWriter {
  private buf = new Uint8Array(1024);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Writes a non-negative integer below 2^53. */
  write(value: number): void {
    this.ensure(8);
    let v = Math.floor(value);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class VarintReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Reads one varint; throws on truncated input (callers turn that into a rejected state). */
  read(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i += 1) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
    throw new Error('varint too long');
  }
}

/** Sorted distinct non-negative integers -> delta varints. */
export function encodeSortedInts(values: ArrayLike<number>): Uint8Array {
  const w = new VarintWriter();
  w.write(values.length);
  let prev = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    w.write(v - prev);
    prev = v;
  }
  return w.bytes();
}

export function decodeSortedInts(bytes: Uint8Array): number[] {
  const r = new VarintReader(bytes);
  const n = r.read();
  const out = new Array<number>(n);
  let prev = 0;
  for (let i = 0; i < n; i += 1) {
    prev += r.read();
    out[i] = prev;
  }
  return out;
}
