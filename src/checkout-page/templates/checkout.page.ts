import { html, SafeHtml } from '../../common/pages/html';
import type { CheckoutView, PayOption, PaymentLine } from '../checkout-view';
import { layout } from './layout';

/**
 * How long the paid page waits before its script takes the payer back to the shop. Only the
 * script does, beside a "Stay on this page" button: a timed redirect the payer cannot stop fails
 * WCAG 2.2.1 (Timing Adjustable; a delayed meta refresh is its failure F40), so there is none
 * without JavaScript, where the "Return to" link is the way back.
 */
export const SUCCESS_REDIRECT_SECONDS = 5;

export interface CheckoutPageModel {
  view: CheckoutView;
  merchantName: string;
  /** The page's own path, secret included; `secret` alone goes into its GET form. */
  pagePath: string;
  secret: string;
  statusPath: string;
  /** Test mode only: where the simulate buttons post. Live pages never have it. */
  simulatePath: string | undefined;
  /** The QR code of the selected option. */
  qr: SafeHtml | undefined;
  now: Date;
  /** An RPC URL the payer's wallet can add the chain with, where one is known (the local dev chain). */
  addChainRpcUrl: (network: string) => string | undefined;
}

export function checkoutPage(model: CheckoutPageModel): SafeHtml {
  const { view, merchantName } = model;
  const redirect = view.state === 'paid' && view.successUrl !== null ? { url: view.successUrl, seconds: SUCCESS_REDIRECT_SECONDS } : undefined;
  return layout(
    { title: titleOf(view), merchantName, livemode: view.livemode, scripts: true },
    html`<div class="checkout" data-status-url="${model.statusPath}" data-revision="${view.revision}" data-state="${view.state}"${redirect && html` data-success-url="${redirect.url}" data-redirect-seconds="${redirect.seconds}"`}>
${summary(model)}
${view.selected && payPanel(model, view.selected)}
${view.state === 'awaiting' && view.options.length === 0 && html`<p class="card">This test session has no network to be paid on (no test chain is configured). Simulate its payment below.</p>`}
${view.payments.length > 0 && payments(view.payments)}
${notices(view, merchantName)}
${model.simulatePath !== undefined && simulate(model)}
${leaveLinks(view, merchantName)}
</div>`,
  );
}

function titleOf(view: CheckoutView): string {
  switch (view.state) {
    case 'paid':
      return 'Paid';
    case 'expired':
      return 'Checkout expired';
    case 'pending':
      return 'Payment seen';
    default:
      return `Pay ${view.amount} ${view.currency}`;
  }
}

function summary({ view, merchantName, now }: CheckoutPageModel): SafeHtml {
  const open = view.state === 'awaiting' || view.state === 'underpaid' || view.state === 'pending';
  return html`<section class="card summary" aria-labelledby="heading">
<p class="amount-line">${merchantName} asks for <strong class="amount">${view.amount} ${view.currency}</strong></p>
<h1 id="heading">${heading(view)}</h1>
<p class="status status-${view.state}" role="status">${statusText(view, merchantName)}</p>
${open && timeLeft(view.expiresAt, now)}
</section>`;
}

function heading(view: CheckoutView): string {
  switch (view.state) {
    case 'awaiting':
      return `Pay ${view.amount} ${view.currency}`;
    case 'underpaid':
      return `Pay the remaining ${view.amountDue} ${view.currency}`;
    case 'pending':
      return 'Payment seen';
    case 'paid':
      return 'Paid';
    case 'expired':
      return 'This checkout has expired';
  }
}

function statusText(view: CheckoutView, merchant: string): string {
  switch (view.state) {
    case 'awaiting':
      return 'Waiting for your payment.';
    case 'underpaid':
      return `We received ${view.amountReceived} of ${view.amount} ${view.currency}. Send the remaining ${view.amountDue} ${view.currency} to complete your payment.`;
    case 'pending':
      return `We have seen your payment of ${view.amountPending} ${view.currency}. Waiting for the network to confirm it; this page updates by itself.`;
    case 'paid':
      return `Thank you. ${merchant} has received ${view.amountReceived} ${view.currency}.`;
    case 'expired':
      if (view.amountReceived !== '0') {
        return `We received ${view.amountReceived} of ${view.amount} ${view.currency} before it closed. ${merchant} has been told and will contact you about it.`;
      }
      // A payer who sent money late, or in the wrong token, must not read that nothing was charged.
      return view.notices.late || view.notices.unmatched
        ? `No payment counted towards this checkout before it closed. What reached the address is listed below, and ${merchant} has been told.`
        : 'No payment was made in time. Nothing was charged.';
  }
}

function timeLeft(expiresAt: Date, now: Date): SafeHtml {
  const minutes = Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000));
  const words = minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 > 0 ? ` ${minutes % 60} min` : ''}` : `${minutes} min`;
  return html`<p class="time-left">Time left: <time class="countdown" datetime="${expiresAt.toISOString()}">${words}</time></p>`;
}

function payPanel(model: CheckoutPageModel, selected: PayOption): SafeHtml {
  const { view } = model;
  return html`<section class="card pay" aria-labelledby="pay-heading">
<h2 id="pay-heading">Send ${selected.amount} ${selected.currency} on ${selected.label}</h2>
${
  view.options.length > 1
    ? html`<form method="get" action="/checkout/${view.sessionId}" class="network-picker">
<input type="hidden" name="s" value="${model.secret}">
<label for="network">Network</label>
<div class="picker-row">
<select id="network" name="network">
${view.options.map((option) => html`<option value="${option.network}"${option.network === selected.network && html` selected`}>${option.label}</option>`)}
</select>
<button type="submit" class="show-network">Show</button>
</div>
</form>`
    : html`<p>Network: <strong>${selected.label}</strong></p>`
}
<div class="qr-frame">${model.qr}</div>
<p class="hint qr-hint">Scan with your wallet's camera: it fills in the network, token, address and amount.</p>
${copyField('pay-amount', `Amount (${selected.currency})`, selected.amount, 'Copy amount')}
${copyField('pay-address', 'Deposit address', view.depositAddress ?? '', 'Copy address', { wraps: true })}
${selected.token !== null && html`<p class="detail">Token contract (${selected.currency} on ${selected.label}): <code class="break">${selected.token}</code></p>`}
<p class="detail">Chain id: <code>${selected.chainId}</code></p>
<p class="copy-status" aria-live="polite"></p>
<div class="wallet" hidden data-chain-id="${selected.chainId}" data-chain-name="${selected.label}" data-rpc-url="${model.addChainRpcUrl(selected.network) ?? ''}"
 data-to="${selected.transaction.to}" data-value="${selected.transaction.value}" data-data="${selected.transaction.data ?? ''}">
<div class="wallet-buttons"></div>
<p class="wallet-status" role="status" aria-live="polite"></p>
</div>
<p class="hint">Send exactly this amount of ${selected.currency} on ${selected.label}. A payment in another currency or on another network does not count.</p>
</section>`;
}

/** A read-only value with its copy button; `wraps`: shown whole on a narrow screen (an address the payer checks). */
function copyField(id: string, label: string, value: string, button: string, { wraps = false } = {}): SafeHtml {
  return html`<div class="field">
<label for="${id}">${label}</label>
<div class="copy-row${wraps && html` stacked`}">${
    wraps
      ? html`<textarea id="${id}" class="copy-value" readonly rows="2" spellcheck="false" autocomplete="off">${value}</textarea>`
      : html`<input id="${id}" class="copy-value" type="text" readonly value="${value}" spellcheck="false" autocomplete="off">`
  }
<button type="button" class="copy" data-copy="${id}" hidden>${button}</button></div>
</div>`;
}

function payments(lines: PaymentLine[]): SafeHtml {
  return html`<section class="card" aria-labelledby="payments-heading">
<h2 id="payments-heading">Payments to this address</h2>
<ul class="payments">
${lines.map(
  (line) => html`<li data-tx="${line.txHash ?? ''}"><strong>${line.amount} ${line.currency}</strong> on ${line.networkLabel}: <span class="progress">${line.progress}</span>${!line.counted && html` <span class="muted">(not counted)</span>`}
${line.txHash !== null && html`<br><span class="muted">Transaction</span> <code class="break">${line.txHash}</code>`}</li>`,
)}
</ul>
</section>`;
}

function notices({ notices: { late, unmatched, overpaid } }: CheckoutView, merchant: string): SafeHtml {
  const messages = [
    late && `A payment reached this address after the checkout had closed. It has been recorded and ${merchant} has been told.`,
    unmatched && `A payment in another currency or on another network reached this address. It does not count towards this checkout; ${merchant} has been told.`,
    overpaid && `You sent more than the amount due. ${merchant} has been told about the difference.`,
  ].filter((message): message is string => typeof message === 'string');
  return html`${messages.length > 0 && html`<section class="card notice" aria-label="Notices">${messages.map((message) => html`<p>${message}</p>`)}</section>`}`;
}

function simulate(model: CheckoutPageModel): SafeHtml {
  const { view } = model;
  if (view.state !== 'awaiting' && view.state !== 'underpaid') return html``;
  const onChain = view.selected;
  return html`<section class="card simulate" aria-labelledby="simulate-heading">
<h2 id="simulate-heading">Simulate a payment</h2>
<p class="hint">${onChain ? `Test mode: sends a real transfer from the test faucet on ${onChain.label}, as a customer would.` : 'Test mode: marks the session paid.'}</p>
<form method="post" action="${model.simulatePath}">
${onChain && html`<input type="hidden" name="network" value="${onChain.network}">`}
<div class="buttons">
<button type="submit" name="amount" value="exact">${onChain ? 'Pay the exact amount' : 'Mark paid'}</button>
${onChain && html`<button type="submit" name="amount" value="under">Pay too little</button>
<button type="submit" name="amount" value="over">Pay too much</button>`}
</div>
</form>
</section>`;
}

function leaveLinks(view: CheckoutView, merchant: string): SafeHtml {
  if (view.state === 'paid') {
    return html`${
      view.successUrl !== null &&
      html`<p class="leave"><a class="button primary" href="${view.successUrl}">Return to ${merchant}</a></p>
<p class="hint redirect-note" hidden><span class="redirect-text">Taking you back to ${merchant} in ${SUCCESS_REDIRECT_SECONDS} seconds.</span>
<button type="button" class="stay">Stay on this page</button></p>`
    }`;
  }
  if (view.cancelUrl === null) return html``;
  return view.state === 'expired'
    ? html`<p class="leave"><a class="button primary" href="${view.cancelUrl}">Return to ${merchant}</a></p>`
    : html`<p class="leave"><a href="${view.cancelUrl}">Cancel and return to ${merchant}</a></p>`;
}
