import { pageHeaders } from '../common/pages/page-headers';

/**
 * Headers of every payer-facing page and its status endpoint, error pages included. Scripts,
 * styles and the status requests come from this origin only; the QR code is inline SVG, so no
 * image source is allowed at all. `no-referrer`: the URL holds the page's secret, and the pages
 * link to the shop (success and cancel URLs), which must not learn it.
 */
export const checkoutPageHeaders = pageHeaders({
  contentSecurityPolicy: ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"],
  referrerPolicy: 'no-referrer',
});
