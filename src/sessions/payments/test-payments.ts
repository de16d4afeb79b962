import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseUnits, type Address, type Hash } from 'viem';
import { DevFaucet } from '../../chains/local-chain/faucet';
import { NetworkRegistry } from '../../chains/network-registry';
import { assetOn, isNetworkName, NETWORKS, type NetworkName } from '../../chains/networks';
import type { Mode } from '../../common/auth/scopes';
import { assertOutsideTransaction } from '../../common/data/outside-transaction';
import type { TxHost } from '../../common/data/tx-host';
import { ApiErrors } from '../../common/errors/api-errors';
import { CommitStep } from '../../common/idempotency/commit-step';
import { amountProblem } from '../../common/money/amount';
import { CheckoutSession } from '../checkout-session.entity';
import { priceInBaseUnits } from '../checkout-session.presenter';
import { CheckoutSessionsService } from '../checkout-sessions.service';
import type { PayCheckoutSessionDto } from '../dto/pay-checkout-session.dto';

/** How long the helper waits for the watcher to record its transfer before answering anyway. */
const RECORDED_WITHIN_MS = 10_000;

/**
 * The test helper's payment (DESIGN.md §8, §13): a real transfer from the dev faucet to the
 * session's deposit address, found by the same watcher as a live payment. A session with no
 * network to pay on (no test chain configured) is marked paid instead, as before payments on chain.
 */
@Injectable()
export class TestPayments {
  private readonly faucets = new Map<NetworkName, DevFaucet>();

  constructor(
    private readonly sessions: CheckoutSessionsService,
    private readonly registry: NetworkRegistry,
    @InjectTransactionHost() private readonly txHost: TxHost,
  ) {}

  /** Outside any transaction: the transfer waits on the chain. */
  async pay(mode: Mode, id: string, input: PayCheckoutSessionDto): Promise<CommitStep<CheckoutSession>> {
    if (mode !== 'test') {
      throw ApiErrors.testModeOnly();
    }
    const session = await this.sessions.get(mode, id);
    if (session.networks.length === 0) {
      for (const field of ['amount', 'currency', 'network'] as const) {
        if (input[field] !== undefined) throw ApiErrors.parameterInvalid(field, `The session ${id} has no test network to pay on, so it can only be marked paid; configure a test network or the local chain to send real payments.`);
      }
      return new CommitStep(() => this.sessions.payInTestMode(mode, id));
    }
    assertOutsideTransaction(this.txHost, 'Paying from the dev faucet (waits on the chain)');
    const txHash = await this.transfer(session, input);
    await this.recorded(mode, id, txHash);
    return new CommitStep(() => this.sessions.get(mode, id));
  }

  private async transfer(session: CheckoutSession, input: PayCheckoutSessionDto): Promise<Hash> {
    const networkName = input.network ?? session.networks[0];
    if (!isNetworkName(networkName) || NETWORKS[networkName].mode !== 'test' || !this.registry.isEnabled(networkName)) {
      throw ApiErrors.parameterInvalid('network', `${networkName} is not an enabled test network.`);
    }
    const rpcUrl = this.registry.devChainUrl(networkName);
    if (!rpcUrl) throw ApiErrors.parameterInvalid('network', `The test helper pays only on dev chains (the local chain, Anvil); ${networkName} is not one. Pay it from a wallet.`);
    const currency = input.currency ?? session.currency;
    const asset = assetOn(NETWORKS[networkName], currency);
    if (!asset) throw ApiErrors.parameterInvalid('currency', `${networkName} has no ${currency}.`);
    if (input.amount === undefined && currency !== session.currency) throw ApiErrors.parameterMissing('amount');
    const problem = input.amount === undefined ? undefined : amountProblem(input.amount, asset.decimals);
    if (problem) throw ApiErrors.parameterInvalid('amount', `amount ${problem} for ${currency}.`);
    const baseUnits = input.amount === undefined ? this.dueOrWhole(session) : parseUnits(input.amount, asset.decimals);
    return this.faucetOn(networkName, rpcUrl).pay(session.depositAddress as Address, asset.token ? { kind: 'token', address: asset.token } : { kind: 'native' }, baseUnits);
  }

  /** What is still due; once nothing is (a late or second payment), the whole amount again. */
  private dueOrWhole(session: CheckoutSession): bigint {
    const price = priceInBaseUnits(session);
    return session.amountReceived < price ? price - session.amountReceived : price;
  }

  private faucetOn(network: NetworkName, rpcUrl: string): DevFaucet {
    let faucet = this.faucets.get(network);
    if (!faucet) this.faucets.set(network, (faucet = new DevFaucet(rpcUrl, network)));
    return faucet;
  }

  /** Waits (bounded) until the watcher has recorded the transfer, so the answer shows it. */
  private async recorded(mode: Mode, id: string, txHash: Hash): Promise<void> {
    const deadline = Date.now() + RECORDED_WITHIN_MS;
    while (Date.now() < deadline) {
      const session = await this.sessions.get(mode, id);
      if (session.payments.some((payment) => payment.txHash === txHash)) return;
      await sleep(100);
    }
  }
}
