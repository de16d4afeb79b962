import { Injectable } from '@nestjs/common';
import type { Address } from 'viem';
import type { Mode } from '../../common/auth/scopes';
import { ApiErrors } from '../../common/errors/api-errors';
import { depositAddress, depositSalt } from '../../chains/deposit-factory';
import { NetworkRegistry } from '../../chains/network-registry';
import { assetOn, NETWORKS, networkVariableSuffix, type NetworkName } from '../../chains/networks';
import { AppConfig } from '../../config/app-config';

/** How a new session can be paid: fixed at creation, so later configuration changes affect new sessions only. */
export interface PaymentOptions {
  networks: NetworkName[];
  payoutAddress: Address | null;
  depositAddress: Address | null;
  /** The currency's decimals on chain (the same on every network of the catalogue). */
  assetDecimals: number;
}

/** Chooses a session's networks and allocates its deposit address (DESIGN.md §13). */
@Injectable()
export class PaymentOptionsPolicy {
  constructor(
    private readonly registry: NetworkRegistry,
    private readonly config: AppConfig,
  ) {}

  choose(mode: Mode, sessionId: string, currency: string, requested: string | undefined): PaymentOptions {
    const offering = this.registry.enabled(mode).filter((network) => assetOn(network, currency));
    if (requested !== undefined && !offering.some((network) => network.name === requested)) {
      const enabled = offering.map((network) => network.name);
      throw ApiErrors.parameterInvalid(
        'network',
        `${requested} cannot take ${mode} payments in ${currency}; ${enabled.length > 0 ? `choose one of ${enabled.join(', ')}` : 'no enabled network can'}.`,
      );
    }
    const networks = offering.filter((network) => requested === undefined || network.name === requested);
    if (networks.length === 0 && mode === 'live') throw noLiveNetworkFor(currency);
    const payoutAddress = networks.length > 0 ? (this.config.payments.payoutAddresses[mode] ?? null) : null;
    return {
      networks: networks.map((network) => network.name),
      payoutAddress,
      // The session id is unique, so the salt derived from it is never reused.
      depositAddress: payoutAddress && depositAddress(payoutAddress, depositSalt(sessionId)),
      assetDecimals: networks.length > 0 ? assetOn(networks[0], currency)!.decimals : this.config.currencies.get(currency)!,
    };
  }
}

function noLiveNetworkFor(currency: string) {
  const candidates = Object.values(NETWORKS).filter((network) => network.mode === 'live' && assetOn(network, currency));
  const advice =
    candidates.length > 0
      ? `Set ${candidates.map((network) => `RPC_URLS_${networkVariableSuffix(network.name)}`).join(' or ')} (and PAYOUT_ADDRESS_LIVE) to accept it; see the README's "Going live".`
      : `No network in the catalogue offers ${currency}.`;
  return ApiErrors.parameterInvalid('currency', `No enabled live network accepts ${currency}. ${advice}`);
}
