/**
 * A small made-up "plot" PNG (axes and two curves on white), drawn in code for the figure
 * thumbnails that the routed arxiv.org/html stand-ins answer with: the fixtures do not carry
 * the papers' images, and third-party images are not committed.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGB PNG of `width` x `height` with a plot drawn on it. */
export function plotPng(width = 320, height = 200) {
  const px = Buffer.alloc(width * height * 3, 255);
  const set = (x, y, [r, g, b]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  const m = Math.round(width * 0.1);
  for (let x = m; x < width - m / 2; x++) set(x, height - m, [40, 40, 40]);
  for (let y = m / 2; y < height - m; y++) set(m, Math.round(y), [40, 40, 40]);
  const curves = [
    { color: [31, 119, 180], f: (t) => 1 - Math.exp(-4 * t) },
    { color: [214, 39, 40], f: (t) => 0.15 + 0.6 * t * t },
  ];
  for (const { color, f } of curves) {
    for (let x = m; x < width - m / 2; x++) {
      const t = (x - m) / (width - 1.5 * m);
      const y = Math.round(height - m - f(t) * (height - 1.5 * m));
      for (let d = -1; d <= 1; d++) set(x, y + d, color);
    }
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    px.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
