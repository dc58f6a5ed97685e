// The QR code of a join URL as one SVG path (main thread, pure): dark modules as unit squares, quiet zone included.
import { encode } from 'uqr';

export interface QrPath {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** SVG path data: one "M x y h1 v1 h-1 z" square per dark module. */
  d: string;
}

export function qrPath(text: string): QrPath {
  // Medium error correction survives a projector's glare and a phone camera at an angle.
  const qr = encode(text, { ecc: 'M', border: 4 });
  let d = '';
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return { size: qr.size, d };
}
