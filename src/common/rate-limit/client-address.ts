import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * The address per-address limits count a request against: `req.ip` (the TCP
 * peer, or what a proxy listed in `TRUST_PROXY` forwarded), an IPv6 address
 * by its /64.
 */
export function clientAddress(request: Request): string {
  return normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}
