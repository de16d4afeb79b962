import type { ApiKey } from '../../api-keys/api-key.entity';
import { apiKeyStatus } from '../../api-keys/api-key.presenter';
import { html, SafeHtml } from '../../common/pages/html';

/** `2026-11-26 06:45 UTC`: the same on every machine; the server does not know the reader's zone. */
export function formatTime(date: Date | null): SafeHtml {
  if (!date) return html`<span class="muted">never</span>`;
  const iso = date.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

export function maskedKey(key: Pick<ApiKey, 'mode' | 'last4'>): string {
  return `ck_${key.mode}_…${key.last4}`;
}

export function modeBadge(mode: ApiKey['mode']): SafeHtml {
  return html`<span class="badge badge-${mode}">${mode}</span>`;
}

export function statusCell(key: ApiKey): SafeHtml {
  const status = apiKeyStatus(key);
  if (status === 'expiring') return html`<span class="status status-expiring">expires at ${formatTime(key.expiresAt)}</span>`;
  return html`<span class="status status-${status}">${status}</span>`;
}

/** `0x5c50…2060`: enough to tell hashes and addresses apart at a glance; the full value is in the title. */
export function shortHex(value: string): SafeHtml {
  const short = value.length > 14 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value;
  return html`<code title="${value}">${short}</code>`;
}

/** A transaction, linked to its page on the network's block explorer where the catalogue has one. */
export function txLink(txHash: string, txUrl: string | null): SafeHtml {
  if (txUrl === null) return shortHex(txHash);
  return html`<a href="${txUrl}" rel="noreferrer" title="${txHash}"><code>${txHash.slice(0, 6)}…${txHash.slice(-4)}</code><span class="sr-only"> (block explorer)</span></a>`;
}
