import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';

export interface ShutdownPlan {
  app: INestApplication;
  /** Runs after the app has closed its database pool (stops the embedded PostgreSQL and local chain). */
  afterClose?: () => Promise<void>;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Stops accepting connections and waits for in-flight requests, at most
 * `timeoutMs`. Keep-alive connections are told to close after their current
 * response, so an idle client cannot hold the shutdown open.
 * Resolves true when every request finished in time.
 */
function drainHttpServer(server: Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve(false);
    }, timeoutMs);
    server.on('request', (_request, response) => response.setHeader('Connection', 'close'));
    server.close(() => {
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

/**
 * Order matters: HTTP first (requests may still need the database), then
 * Nest's shutdown hooks (TypeORM closes its pool), then the embedded servers.
 * Nest's own `app.close()` would close the pool before the HTTP server.
 */
export async function shutDown(plan: ShutdownPlan, reason: string): Promise<number> {
  const { app, logger } = plan;
  logger.info({ reason }, 'shutting down: no new connections, finishing in-flight requests');
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
