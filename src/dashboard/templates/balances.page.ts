import type { BalanceResponse, BalancesResponse, GasKeyResponse } from '../../collecting/admin/dto/balances-response.dto';
import type { SweepResponse } from '../../collecting/admin/dto/sweep-response.dto';
import { isNetworkName, NETWORKS, type NetworkName } from '../../chains/networks';
import { html, SafeHtml } from '../../common/pages/html';
import { formatTime, modeBadge, txLink } from './format';
import { layout } from './layout';
import { recentSweeps } from './recent-sweeps';

export interface BalancesView {
  email: string;
  balances: BalancesResponse;
  sweeps: SweepResponse[];
  /** The id to continue after, when there are older sweeps. */
  olderAfter?: string;
  /** The network a "Sweep now" was just requested for (the redirect's notice). */
  requested?: NetworkName;
}

export const networkLabel = (name: string): string => (isNetworkName(name) ? NETWORKS[name].label : name);

function lastSweep(row: BalanceResponse): SafeHtml {
  if (!row.lastSweep) return html`<span class="muted">No sweep yet</span>`;
  return html`Last sweep ${txLink(row.lastSweep.txHash, row.lastSweep.txUrl)}, ${formatTime(row.lastSweep.minedAt)}`;
}

/** One tbody per network: its name and last sweep, then a row per currency. */
function networkRows(rows: BalanceResponse[]): SafeHtml {
  const [first] = rows;
  return html`<tbody>
<tr class="group"><th scope="rowgroup" colspan="4"><span class="network">${networkLabel(first.network)}</span> <span class="last-sweep">${lastSweep(first)}</span></th></tr>
${rows.map(
  (row) => html`<tr>
<th scope="row" data-label="Currency">${row.currency}</th>
<td data-label="Received" class="amount">${row.received}</td>
<td data-label="Swept" class="amount">${row.swept}</td>
<td data-label="Waiting" class="amount${row.waiting !== '0' && ' waiting'}">${row.waiting}</td>
</tr>`,
)}
</tbody>`;
}

function modeTable(mode: 'live' | 'test', rows: BalanceResponse[]): SafeHtml {
  const byNetwork = new Map<string, BalanceResponse[]>();
  for (const row of rows) byNetwork.set(row.network, [...(byNetwork.get(row.network) ?? []), row]);
  return html`<section aria-labelledby="${mode}-heading">
<h2 id="${mode}-heading">${modeBadge(mode)} mode</h2>
${
  rows.length === 0
    ? html`<p class="muted">No ${mode} network is enabled, and nothing was received in ${mode} mode.</p>`
    : html`<div class="table-wrap"><table class="balances stack">
<caption class="sr-only">Funds received in ${mode} mode, per network and currency</caption>
<thead><tr><th scope="col">Currency</th><th scope="col" class="amount">Received</th><th scope="col" class="amount">Swept</th><th scope="col" class="amount">Waiting</th></tr></thead>
${[...byNetwork.values()].map(networkRows)}
</table></div>`
}
</section>`;
}

function sweepNowForm(network: NetworkName): SafeHtml {
  return html`<form method="post" action="/dashboard/balances" class="inline">
<input type="hidden" name="network" value="${network}">
<button type="submit">Sweep now<span class="sr-only"> on ${networkLabel(network)}</span></button>
</form>`;
}

function gasKeySection(gasKey: GasKeyResponse | null): SafeHtml {
  if (!gasKey) {
    return html`<section aria-labelledby="gas-heading">
<h2 id="gas-heading">Gas key</h2>
<p class="alert">Automatic sweeps are off: SWEEP_GAS_KEY is not set.</p>
<p>Funds wait at their deposit addresses until swept. You can sweep them from your own machine, with your own key, with the CLI: <code>npm run cli -- sweep --network base</code>.</p>
</section>`;
  }
  return html`<section aria-labelledby="gas-heading">
<h2 id="gas-heading">Gas key</h2>
<p>Automatic sweeps are on. Their gas is paid by <code class="address">${gasKey.address}</code>; this key can only send funds to your payout addresses.</p>
${
  gasKey.networks.length === 0
    ? html`<p class="muted">No network is enabled.</p>`
    : html`<div class="table-wrap"><table class="gas stack">
<caption class="sr-only">The gas key's balance per network</caption>
<thead><tr><th scope="col">Network</th><th scope="col" class="amount">Balance</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>
${gasKey.networks.map(
  (entry) => html`<tr>
<th scope="row" data-label="Network">${networkLabel(entry.network)}</th>
<td data-label="Balance" class="amount">${entry.balance === null ? html`<span class="muted">RPC did not answer</span>` : `${entry.balance} ${entry.symbol}`}</td>
<td class="actions">${sweepNowForm(entry.network)}</td>
</tr>`,
)}
</tbody>
</table></div>
<p class="hint">Sweep now sends everything confirmed and waiting on that network at the sweeper's next round, worth its gas or not.</p>`
}
</section>`;
}

export function balancesPage({ email, balances, sweeps, olderAfter, requested }: BalancesView): SafeHtml {
  const live = balances.data.filter((row) => row.livemode);
  const test = balances.data.filter((row) => !row.livemode);
  return layout(
    { title: 'Balances', email, current: 'balances' },
    html`<h1>Balances</h1>
${requested !== undefined && html`<p class="notice" role="status">Sweep requested on ${networkLabel(requested)}: the sweeper sends it at its next round.</p>`}
<p class="hint">Confirmed payments to deposit addresses (received), what sweeps moved to your payout addresses (swept), and what is still at the deposit addresses (waiting).</p>
${modeTable('live', live)}
${modeTable('test', test)}
${gasKeySection(balances.gasKey)}
${recentSweeps(sweeps, olderAfter)}`,
  );
}
