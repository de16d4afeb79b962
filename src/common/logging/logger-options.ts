import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { redactSecrets } from '../security/redact-secrets';
import { requestIdOf } from './request-id';

/** Options shared by the HTTP logger and the bootstrap logger. */
export function baseLoggerOptions(level: AppConfig['logLevel']): LoggerOptions {
  return {
    level,
    redact: {
      // `req.query.s`: a checkout page's secret (the URL itself is scrubbed by redactSecrets).
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.query.s'],
      censor: '[REDACTED]',
    },
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
    genReqId: requestIdOf,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? ('error' as const) : ('info' as const),
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
