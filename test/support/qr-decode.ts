import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reads the QR code in an SVG as the `qrcode` package draws it (a 1-module-tall stroked path of
 * `M x y`, `m dx dy` and `h n` runs): paints its dark modules into pixels and decodes them with
 * jsQR, a decoder of its own, so the test checks what a camera would read.
 */
export function decodeQrSvg(svg: string, scale = 4): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) return undefined;
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([Mmh])(\d+(?:\.\d+)?)(?:\s(\d+(?:\.\d+)?))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Math.floor(Number(b))];
    else if (command === 'm') [x, y] = [x + Number(a), y + Math.floor(Number(b ?? 0))];
    else {
      for (let py = y * scale; py < (y + 1) * scale; py++) data.fill(0, (py * width + x * scale) * 4, (py * width + (x + Number(a)) * scale) * 4);
      x += Number(a);
    }
  }
  // fill(0) blackened the alpha channel too: make every pixel opaque again.
  for (let alpha = 3; alpha < data.length; alpha += 4) data[alpha] = 255;
  return jsQR(data, width, width)?.data;
}

/** Decodes the QR code in a PNG (a browser screenshot). */
export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
