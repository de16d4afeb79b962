import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { redactSecrets } from '../security/redact-secrets';
import { requestIdOf } from './request-id';

const REDACTED = '[REDACTED]';

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string; query?: Record<string, unknown>; params?: unknown };

/** `headers` with the credentials in `names` censored: a copy only when one is there. */
function censored<T extends object>(headers: T, names: readonly string[]): T {
  let copy: T | undefined;
  for (const name of names) {
    if ((headers as Record<string, unknown>)[name] === undefined) continue;
    copy ??= { ...headers };
    (copy as Record<string, unknown>)[name] = REDACTED;
  }
  return copy ?? headers;
}

/**
 * The fields pino's standard request serializer logs, with the credentials
 * censored here rather than by pino's `redact`, which cloned the request's
 * headers on every line that had an `Authorization` header — every API
 * request. `query.s`: a checkout page's secret (the URL itself is scrubbed by
 * redactSecrets).
 */
export function serializeRequest(request: LoggedRequest): object {
  const query = request.query;
  return {
    id: request.id,
    method: request.method,
    url: request.originalUrl ?? request.url,
    query: query && query.s !== undefined ? { ...query, s: REDACTED } : query,
    params: request.params,
    headers: request.headers && censored(request.headers, ['authorization', 'cookie']),
    remoteAddress: request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}

/** As pino's standard response serializer, the session cookie censored. */
export function serializeResponse(response: ServerResponse): object {
  const headers = typeof response.getHeaders === 'function' ? response.getHeaders() : undefined;
  return { statusCode: response.headersSent ? response.statusCode : null, headers: headers && censored(headers, ['set-cookie']) };
}

/** Options shared by the HTTP logger and the bootstrap logger. */
export function baseLoggerOptions(level: AppConfig['logLevel']): LoggerOptions {
  return {
    level,
    serializers: { req: serializeRequest, res: serializeResponse, err: pino.stdSerializers.err },
    // Runs on each serialized line, so a key is scrubbed wherever it appears.
    hooks: { streamWrite: redactSecrets },
  };
}

/**
 * nestjs-pino settings: one JSON line per request plus whatever the request
 * logs, every line carrying `requestId` (the `Request-Id` header's value).
 */
export function httpLoggerParams(level: AppConfig['logLevel'], destination?: DestinationStream): Params {
  const options = {
    ...baseLoggerOptions(level),
    // The serializers above take the raw request and response; pino-http's wrappers would first build pino's own objects.
    wrapSerializers: false,
    genReqId: requestIdOf,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? ('error' as const) : ('info' as const),
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
