import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { Draining } from './draining';

export interface ShutdownPlan {
  app: INestApplication;
  /** Runs after the app has closed its database pool (stops the embedded PostgreSQL and local chain). */
  afterClose?: () => Promise<void>;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Stops accepting connections and waits, at most `timeoutMs`, for the open ones to end.
 *
 * Idle keep-alive connections are not closed at once (as http.Server's `close()` does since Node
 * 19): a balancer may be sending a request on one at that very instant, and a POST lost that way
 * comes back from nginx as a 502 it does not resend. Instead every request that still arrives is
 * answered as usual, with `Connection: close`, which ends its connection; an idle one is closed by
 * the balancer, whose upstream keep-alive timeout is shorter than ours (http-keep-alive.ts), or
 * else by our own keep-alive timeout. At `timeoutMs` the idle ones left are closed and any with a
 * request in progress is cut off. Resolves true when no request was cut off.
 */
function drainHttpServer(server: Server, timeoutMs: number): Promise<boolean> {
  // First among the listeners, so the header is there before any handler can answer.
  server.prependListener('request', (_request, response) => response.setHeader('Connection', 'close'));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeIdleConnections();
      // If that closed the last ones, the server's 'close' (next tick) has resolved true already.
      setImmediate(() => {
        server.closeAllConnections();
        resolve(false);
      });
    }, timeoutMs);
    // net.Server's close: stops listening and leaves the open connections alone.
    NetServer.prototype.close.call(server, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Order matters: /readyz says 503 first, then HTTP (requests may still need the database), then
 * Nest's shutdown hooks (TypeORM closes its pool), then the embedded servers.
 * Nest's own `app.close()` would close the pool before the HTTP server.
 */
export async function shutDown(plan: ShutdownPlan, reason: string): Promise<number> {
  const { app, logger } = plan;
  logger.info({ reason }, 'shutting down: no new connections, finishing in-flight requests');
  app.get(Draining).begin();
  const drained = await drainHttpServer(app.getHttpServer() as Server, plan.timeoutMs);
  if (!drained) logger.warn({ timeoutMs: plan.timeoutMs }, 'in-flight requests did not finish in time and were cut off');
  await app.close();
  await plan.afterClose?.();
  logger.info('shutdown complete');
  return drained ? 0 : 1;
}

/** Runs `shutDown` once on SIGTERM or SIGINT, then exits with its code. */
export function exitOnSignals(plan: ShutdownPlan): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    shutDown(plan, signal).then(
      (code) => process.exit(code),
      (error: unknown) => {
        plan.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
