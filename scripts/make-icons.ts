// Draws the app's install icons (Node, run by hand: `tsx scripts/make-icons.ts`): rising white bars (latency growing
// with batch size) on TierLab blue, as PNG files in public/icons/. Written with zlib alone, no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const rows = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) rows.set(pixel(x, y), y * (size * 3 + 1) + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BLUE: [number, number, number] = [37, 99, 235];
const WHITE: [number, number, number] = [255, 255, 255];
const HEIGHTS = [0.18, 0.3, 0.46, 0.66];

for (const size of [192, 512]) {
  const icon = png(size, (x, y) => {
    const u = x / size;
    const v = 1 - y / size;
    // Four bars in the middle 60%, inside the maskable safe zone.
    const bar = Math.floor((u - 0.2) / 0.15);
    const inBar = u >= 0.2 && u < 0.8 && (u - 0.2) % 0.15 < 0.11;
    return inBar && v >= 0.2 && v < 0.2 + (HEIGHTS[bar] ?? 0) ? WHITE : BLUE;
  });
  writeFileSync(new URL(`../public/icons/icon-${size}.png`, import.meta.url), icon);
}
