import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { ApiErrors } from '../errors/api-errors';
import { BODY_LIMIT_BYTES } from './body-limit';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The body parser's errors carry a `type` such as `entity.parse.failed` and a 4xx status. */
function bodyParserErrorToApiError(error: unknown): unknown {
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return ApiErrors.bodyTooLarge(BODY_LIMIT_BYTES);
  if (typeof status === 'number' && status < 500) return ApiErrors.bodyMalformed();
  return error;
}

/**
 * Parses JSON bodies after the request logger has assigned the request id, so
 * a malformed or oversized body still gets an envelope carrying that id. A
 * body in any other format, or JSON that is not an object, is refused rather
 * than silently ignored; a request without a body reads as `{}`.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES, strict: true });

  use(request: Request, response: Response, next: NextFunction): void {
    if (hasBody(request) && !request.is(JSON_TYPES)) {
      next(ApiErrors.contentTypeUnsupported());
      return;
    }
    this.parse(request, response, (error?: unknown) => {
      if (error) {
        next(bodyParserErrorToApiError(error));
        return;
      }
      request.body ??= {};
      if (typeof request.body !== 'object' || Array.isArray(request.body)) {
        next(ApiErrors.bodyMalformed('The request body must be a JSON object.'));
        return;
      }
      next();
    });
  }
}
