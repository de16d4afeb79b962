import { Injectable } from '@nestjs/common';

/**
 * Set once the shutdown has begun: `/readyz` then answers 503, so a balancer or orchestrator that
 * probes it stops sending before the instance is gone.
 */
@Injectable()
export class Draining {
  private started = false;

  get active(): boolean {
    return this.started;
  }

  begin(): void {
    this.started = true;
  }
}
