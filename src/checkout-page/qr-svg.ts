import { toString as qrToString } from 'qrcode';
import { escapeHtml, SafeHtml } from '../common/pages/html';

/**
 * A QR code of `text` as inline SVG markup, rendered on the server: no script, no image request,
 * nothing a CSP has to allow. Error correction M and the standard 4-module quiet zone, which
 * phone cameras read from a screen. `label` names it for screen readers.
 */
export async function qrSvg(text: string, label: string): Promise<SafeHtml> {
  const svg = await qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  // The library's markup holds only its own path data (the text is encoded, never copied in).
  return new SafeHtml(svg.trim().replace(/^<svg /, `<svg class="qr" role="img" aria-label="${escapeHtml(label)}" `));
}
