import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction } from 'express';
import { newId } from '../ids/type-id';

type IdentifiedRequest = IncomingMessage & { id?: unknown };

/**
 * The request's id, created on first use and sent as `Request-Id`. Every
 * consumer (the first middleware, the request logger, the exception filter)
 * asks here, so a request has exactly one id however early it fails.
 */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const identified = request as IdentifiedRequest;
  if (typeof identified.id !== 'string') {
    identified.id = newId('req');
    if (!response.headersSent) response.setHeader('Request-Id', identified.id as string);
  }
  return identified.id as string;
}

/** Registered before every other middleware, ahead of anything that can fail. */
export function assignRequestId(request: IncomingMessage, response: ServerResponse, next: NextFunction): void {
  requestIdOf(request, response);
  next();
}
