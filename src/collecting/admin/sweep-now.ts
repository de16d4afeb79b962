import { Injectable } from '@nestjs/common';
import { ApiErrors } from '../../common/errors/api-errors';
import { NetworkRegistry } from '../../chains/network-registry';
import type { NetworkName } from '../../chains/networks';
import { AppConfig } from '../../config/app-config';
import { OwnSweeps } from '../own-sweeps';
import type { SweepRequestResponse } from './dto/sweep-response.dto';
import { enabledNetwork } from './enabled-network';

/**
 * An operator's "sweep now" (`POST /admin/sweeps`, the Balances page's button): refused for a
 * network not enabled here and while automatic sweeps are off, else left for the network's
 * sweeper to take at its next round.
 */
@Injectable()
export class SweepNow {
  constructor(
    private readonly ownSweeps: OwnSweeps,
    private readonly registry: NetworkRegistry,
    private readonly config: AppConfig,
  ) {}

  async request(network: NetworkName): Promise<SweepRequestResponse> {
    const enabled = enabledNetwork(this.registry, network);
    if (!this.config.sweeping.gasAccount) {
      throw ApiErrors.stateConflict('Automatic sweeps are off: set SWEEP_GAS_KEY, or sweep from your own machine with `npm run cli -- sweep`.');
    }
    const requestedAt = await this.ownSweeps.request(enabled);
    return { object: 'sweep_request', network, requestedAt };
  }
}
