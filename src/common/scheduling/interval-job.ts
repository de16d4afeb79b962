import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Housekeeping that every instance runs on a timer (purges, sweeps). Each run
 * must be safe to repeat and to overlap with other instances' runs; a failed
 * run is logged and retried at the next tick. `run()` is public so tests can
 * drive it directly.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly intervalMs: number;
  private readonly jobLogger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;

  abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.jobLogger.warn({ err: error }, `${this.constructor.name} run failed`));
    }, this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
