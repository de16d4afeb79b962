import { html, SafeHtml } from '../../common/pages/html';

export interface LayoutOptions {
  title: string;
  merchantName: string;
  /** False shows the TEST MODE banner; undefined (a page about no session) shows none. */
  livemode?: boolean;
  /** Scripts of the session page; message pages need none. */
  scripts?: boolean;
}

/** The frame of every payer-facing page: stylesheet and scripts from this origin only, as the CSP requires. */
export function layout({ title, merchantName, livemode, scripts = false }: LayoutOptions, main: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · ${merchantName}</title>
<link rel="stylesheet" href="/checkout/assets/checkout.css">
${scripts && html`<script src="/checkout/assets/checkout.js" defer></script>
<script src="/checkout/assets/wallet.js" defer></script>`}
</head>
<body>
${livemode === false && html`<p class="test-banner" role="note"><strong>TEST MODE</strong> — no real funds move</p>`}
<header class="merchant"><span class="merchant-name">${merchantName}</span></header>
<main id="main">
${main}
</main>
${scripts && html`<p id="announcer" class="sr-only" aria-live="polite"></p>`}
<footer class="footer">Payments by Crypto Checkout</footer>
</body>
</html>
`;
}
