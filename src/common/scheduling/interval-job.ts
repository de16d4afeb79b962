import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * Housekeeping that every instance runs on a timer (purges, sweeps, webhook
 * delivery). Each run must be safe to repeat and to overlap with other
 * instances' runs; a failed run is logged and retried at the next tick; a
 * tick is skipped while the previous run is still going. Shutdown waits for
 * the run in progress, before the database pool closes. `run()` is public so
 * tests can drive it directly.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly intervalMs: number;
  private readonly jobLogger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;

  abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.current) return;
      this.current = this.run()
        .catch((error: unknown) => this.jobLogger.warn({ err: error }, `${this.constructor.name} run failed`))
        .finally(() => (this.current = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** No more ticks; resolves once the run in progress (if any) has ended. Tests that drive `run()` themselves stop the timer first. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
  }
}
