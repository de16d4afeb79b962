import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { In } from 'typeorm';
import { formatUnits, type Address } from 'viem';
import type { TxHost } from '../common/data/tx-host';
import { assetOn, isNetworkName, NETWORKS, type NetworkName } from '../chains/networks';
import type { DepositHoldingResponse } from './admin/dto/deposit-holding-response.dto';
import type { SweepResponse } from './admin/dto/sweep-response.dto';
import { presentSweep } from './admin/sweep.presenter';
import { SweepItem } from './sweep-item.entity';
import { Sweep } from './sweep.entity';

interface Row {
  network: string;
  currency: string;
  received: string | null;
  pending: string | null;
  waiting: string | null;
  swept: string | null;
}

/**
 * One deposit address's record (issue 14 §1): per network and currency what it received, what is
 * pending, swept and waiting, and the sweeps that emptied it, with what each took from it.
 */
@Injectable()
export class DepositHoldings {
  constructor(@InjectTransactionHost() private readonly txHost: TxHost) {}

  async of(sessionId: string, address: Address): Promise<{ holdings: DepositHoldingResponse[]; sweeps: SweepResponse[] }> {
    const rows = (await this.txHost.tx.query(
      `SELECT network, currency, SUM(received)::text AS received, SUM(pending)::text AS pending, SUM(waiting)::text AS waiting, SUM(swept)::text AS swept FROM (
         SELECT network, currency,
                SUM(amount) FILTER (WHERE status = 'confirmed') AS received,
                SUM(amount) FILTER (WHERE status = 'pending') AS pending,
                SUM(amount) FILTER (WHERE status = 'confirmed' AND sweep_id IS NULL) AS waiting,
                NULL::numeric AS swept
           FROM payments WHERE session_id = $1 GROUP BY 1, 2
         UNION ALL
         SELECT s.network, i.currency, NULL, NULL, NULL, SUM(i.amount)
           FROM sweep_items i JOIN sweeps s ON s.id = i.sweep_id
          WHERE i.deposit_address = $2 AND s.status = 'mined' GROUP BY 1, 2
       ) totals GROUP BY 1, 2 ORDER BY 1, 2`,
      [sessionId, address],
    )) as Row[];
    const holdings = rows.flatMap((row) => {
      if (!isNetworkName(row.network)) return [];
      const decimals = assetOn(NETWORKS[row.network], row.currency)?.decimals ?? 0;
      const amount = (value: string | null) => formatUnits(BigInt(value ?? '0'), decimals);
      return [{ network: row.network as NetworkName, currency: row.currency, received: amount(row.received), pending: amount(row.pending), swept: amount(row.swept), waiting: amount(row.waiting) }];
    });
    const items = await this.txHost.tx.getRepository(SweepItem).find({ where: { depositAddress: address }, order: { sweepId: 'DESC' } });
    const sweeps = items.length === 0 ? [] : await this.txHost.tx.getRepository(Sweep).find({ where: { id: In([...new Set(items.map((item) => item.sweepId))]) }, order: { id: 'DESC' } });
    return { holdings, sweeps: sweeps.map((sweep) => presentSweep(sweep, items.filter((item) => item.sweepId === sweep.id))) };
  }
}
