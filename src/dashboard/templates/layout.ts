import { html, SafeHtml } from '../../common/pages/html';

export interface LayoutOptions {
  title: string;
  /** The signed-in admin's email; absent on the sign-in and error pages. */
  email?: string;
  /** The nav entry this page belongs to, marked as the current one. */
  current?: 'api-keys' | 'balances';
}

const NAV = [
  { id: 'api-keys', href: '/dashboard/api-keys', label: 'API keys' },
  { id: 'balances', href: '/dashboard/balances', label: 'Balances' },
] as const;

/** The page frame: stylesheet and script from this origin only (the CSP allows nothing else). */
export function layout({ title, email, current }: LayoutOptions, main: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Crypto Checkout</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script src="/dashboard/assets/dashboard.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<span class="brand">Crypto Checkout</span>
${email !== undefined && html`<nav aria-label="Dashboard">${NAV.map(({ id, href, label }) => html`<a href="${href}"${id === current && html` aria-current="page"`}>${label}</a>`)}</nav>
<form method="post" action="/dashboard/sign-out" class="sign-out"><span class="who">${email}</span> <button type="submit" class="link">Sign out</button></form>`}
</header>
<main id="main" tabindex="-1">
${main}
</main>
</body>
</html>
`;
}
