import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open (KEEP_ALIVE_TIMEOUT_MS, 10 s by default; Node's
 * own default is 5 s). A balancer's upstream keep-alive timeout must be shorter (deploy/nginx.conf:
 * 4 s): whoever closes an idle connection races the other end sending a request on it, and a POST
 * lost that way comes back from nginx as a 502 it will not resend. When the balancer closes first,
 * it never sends on a closing connection. The shutdown's drain relies on the same rule.
 */
export function keepIdleConnectionsLongerThanTheBalancer(server: Server, keepAliveTimeoutMs: number): void {
  server.keepAliveTimeout = keepAliveTimeoutMs;
}
