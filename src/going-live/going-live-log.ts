import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NETWORKS } from '../chains/networks';
import { AppConfig } from '../config/app-config';
import { checkGoingLive, formatGoingLiveReport, goingLiveSettings } from './going-live-check';

/**
 * Logs the going-live check once at start, the same report `checkout-cli doctor` prints. It runs
 * beside the start (a slow RPC does not hold it up) and never fails it: the network registry
 * already disables a network that cannot work; this tells the operator why and what else is missing.
 */
@Injectable()
export class GoingLiveLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GoingLiveCheck');
  private stopped = false;

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const settings = goingLiveSettings(this.config);
    if (![...settings.rpcUrls.keys()].some((name) => NETWORKS[name].mode === 'live')) {
      this.logger.log('going-live check: no live network is configured (test mode only); see the README\'s "Going live"');
      return;
    }
    void checkGoingLive(settings)
      .then((report) => {
        if (this.stopped) return;
        const lines = formatGoingLiveReport(report);
        if (report.blocking) this.logger.warn(`going-live check:\n${lines.join('\n')}`);
        else this.logger.log(`going-live check:\n${lines.join('\n')}`);
      })
      .catch((error: unknown) => this.logger.warn(`going-live check could not run (${error instanceof Error ? error.name : 'error'})`));
  }

  /** A check still waiting on a slow RPC must not hold up the shutdown, nor log after it. */
  onApplicationShutdown(): void {
    this.stopped = true;
  }
}
