import { formatUnits, parseUnits } from 'viem';
import type { SweepItemResponse, SweepResponse } from '../../collecting/admin/dto/sweep-response.dto';
import { assetOn, isNetworkName, NETWORKS } from '../../chains/networks';
import { html, SafeHtml } from '../../common/pages/html';
import { formatTime, modeBadge, shortHex, txLink } from './format';

/** What a sweep moved, per currency: the items are per deposit address. */
function totals(sweep: SweepResponse): string[] {
  const network = isNetworkName(sweep.network) ? NETWORKS[sweep.network] : undefined;
  const sums = new Map<string, bigint>();
  for (const item of sweep.items) {
    const decimals = (network && assetOn(network, item.currency)?.decimals) ?? 0;
    sums.set(item.currency, (sums.get(item.currency) ?? 0n) + parseUnits(item.amount, decimals));
  }
  return [...sums].map(([currency, sum]) => `${formatUnits(sum, (network && assetOn(network, currency)?.decimals) ?? 0)} ${currency}`);
}

function byAddress(items: SweepItemResponse[]): Map<string, SweepItemResponse[]> {
  const grouped = new Map<string, SweepItemResponse[]>();
  for (const item of items) grouped.set(item.depositAddress, [...(grouped.get(item.depositAddress) ?? []), item]);
  return grouped;
}

/** The addresses a sweep emptied, folded away (a batch can hold a hundred). */
function addresses(sweep: SweepResponse): SafeHtml {
  const grouped = byAddress(sweep.items);
  if (grouped.size === 0) return html`<span class="muted">none</span>`;
  return html`<details><summary>${grouped.size} ${grouped.size === 1 ? 'address' : 'addresses'}</summary>
<ul class="plain">${[...grouped].map(([address, items]) => html`<li>${shortHex(address)} ${items.map((item) => `${item.amount} ${item.currency}`).join(', ')}</li>`)}</ul>
</details>`;
}

function fee(sweep: SweepResponse): SafeHtml {
  if (sweep.fee === null) return html`<span class="muted">—</span>`;
  return html`${sweep.fee} ${isNetworkName(sweep.network) ? NETWORKS[sweep.network].gasCoin.symbol : ''}`;
}

function row(sweep: SweepResponse): SafeHtml {
  return html`<tr data-sweep-id="${sweep.id}">
<td data-label="Mined">${sweep.minedAt ? formatTime(sweep.minedAt) : html`<span class="muted">not yet</span>`}</td>
<td data-label="Network">${isNetworkName(sweep.network) ? NETWORKS[sweep.network].label : sweep.network} ${modeBadge(sweep.livemode ? 'live' : 'test')}</td>
<td data-label="Initiator">${sweep.initiator}</td>
<td data-label="Status"><span class="status status-${sweep.status}">${sweep.status}</span></td>
<td data-label="Transaction">${txLink(sweep.txHash, sweep.txUrl)}</td>
<td data-label="Addresses">${addresses(sweep)}</td>
<td data-label="Amounts" class="amount">${totals(sweep).map((total) => html`<span class="line">${total}</span>`)}</td>
<td data-label="Fee" class="amount">${fee(sweep)}</td>
</tr>`;
}

export function recentSweeps(sweeps: SweepResponse[], olderAfter: string | undefined): SafeHtml {
  return html`<section aria-labelledby="sweeps-heading">
<h2 id="sweeps-heading">Recent sweeps</h2>
${
  sweeps.length === 0
    ? html`<p class="muted">No sweeps yet.</p>`
    : html`<p class="hint">Initiator <strong>service</strong>: sent by this service's automatic sweeper; <strong>other</strong>: anyone else (your CLI, a third party), recognised on chain.</p>
<div class="table-wrap"><table class="sweeps stack">
<caption class="sr-only">Sweeps, newest first</caption>
<thead><tr><th scope="col">Mined</th><th scope="col">Network</th><th scope="col">Initiator</th><th scope="col">Status</th><th scope="col">Transaction</th><th scope="col">Addresses</th><th scope="col" class="amount">Amounts</th><th scope="col" class="amount">Fee</th></tr></thead>
<tbody>
${sweeps.map(row)}
</tbody>
</table></div>`
}
${olderAfter !== undefined && html`<p><a href="/dashboard/balances?startingAfter=${olderAfter}#sweeps-heading">Older sweeps</a></p>`}
</section>`;
}
