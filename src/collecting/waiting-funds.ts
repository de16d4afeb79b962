import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { getAddress, type Address } from 'viem';
import type { TxHost } from '../common/data/tx-host';
import { assetOfToken, type Network } from '../chains/networks';
import type { WaitingAddress } from './sweep-policy';

interface Row {
  deposit_address: string;
  session_id: string;
  payout_address: string;
  token_address: string | null;
  currency: string;
  amount: string;
  since: Date;
}

/**
 * What waits at deposit addresses to be swept on one network: confirmed payments no sweep has
 * taken, of sessions in the network's mode only (a test address is never swept by a live sweep,
 * nor the reverse). An address with a payment still unconfirmed is left for later, and so is one
 * a sweep of ours is already on its way to empty.
 */
@Injectable()
export class WaitingFunds {
  constructor(@InjectTransactionHost() private readonly txHost: TxHost) {}

  async on(network: Network): Promise<WaitingAddress[]> {
    const rows = (await this.txHost.tx.query(
      `SELECT p.deposit_address, p.session_id, s.payout_address, p.token_address, p.currency, SUM(p.amount)::text AS amount, MIN(p.confirmed_at) AS since
         FROM payments p JOIN checkout_sessions s ON s.id = p.session_id
        WHERE p.network = $1 AND p.livemode = $2 AND s.livemode = $2 AND p.sweep_id IS NULL AND p.status = 'confirmed' AND s.payout_address IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM payments u WHERE u.network = $1 AND u.deposit_address = p.deposit_address AND u.sweep_id IS NULL AND u.status = 'pending')
          AND NOT EXISTS (SELECT 1 FROM sweeps w WHERE w.network = $1 AND w.status = 'submitted' AND p.deposit_address = ANY(w.planned_addresses))
        GROUP BY p.deposit_address, p.session_id, s.payout_address, p.token_address, p.currency
        ORDER BY MIN(p.confirmed_at), p.deposit_address`,
      [network.name, network.mode === 'live'],
    )) as Row[];
    const byAddress = new Map<string, WaitingAddress>();
    for (const row of rows) {
      const asset = assetOfToken(network, row.token_address as Address | null);
      if (!asset) continue;
      const entry = byAddress.get(row.deposit_address) ?? {
        address: getAddress(row.deposit_address),
        sessionId: row.session_id,
        payout: getAddress(row.payout_address),
        assets: [],
        since: row.since,
      };
      entry.assets.push({ currency: asset.currency, token: asset.token, decimals: asset.decimals, amount: BigInt(row.amount) });
      if (row.since < entry.since) entry.since = row.since;
      byAddress.set(row.deposit_address, entry);
    }
    return [...byAddress.values()].sort((a, b) => a.since.getTime() - b.since.getTime());
  }
}
