import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors/api-error';
import { ApiErrors } from '../errors/api-errors';
import { deferBodyError } from './unreadable-body';
import { BODY_LIMIT_BYTES } from './body-limit';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The body parser's errors carry a `type` such as `entity.parse.failed` and a 4xx status. */
function bodyParserErrorToApiError(error: unknown): ApiError | undefined {
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return ApiErrors.bodyTooLarge(BODY_LIMIT_BYTES);
  if (typeof status === 'number' && status < 500) return ApiErrors.bodyMalformed();
  return undefined;
}

/**
 * Parses JSON bodies. A body in any other format, malformed or oversized, or
 * JSON that is not an object or nests deeper than `MAX_JSON_DEPTH`, is
 * refused rather than silently ignored — but only after the route's guards
 * (see `UnreadableBodyInterceptor`). A refused or absent body reads as `{}`,
 * so no later code walks a deep one.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES, strict: true });

  use(request: Request, response: Response, next: NextFunction): void {
    if (hasBody(request) && !request.is(JSON_TYPES)) {
      this.refuse(request, ApiErrors.contentTypeUnsupported(), next);
      return;
    }
    this.parse(request, response, (error?: unknown) => {
      if (error) {
        const refusal = bodyParserErrorToApiError(error);
        if (refusal) this.refuse(request, refusal, next);
        else next(error);
        return;
      }
      request.body ??= {};
      if (typeof request.body !== 'object' || Array.isArray(request.body)) {
        this.refuse(request, ApiErrors.bodyMalformed('The request body must be a JSON object.'), next);
        return;
      }
      if (nestsDeeperThan(request.body, MAX_JSON_DEPTH)) {
        this.refuse(request, ApiErrors.bodyMalformed(`The request body nests more than ${MAX_JSON_DEPTH} levels deep.`), next);
        return;
      }
      next();
    });
  }

  private refuse(request: Request, error: ApiError, next: NextFunction): void {
    request.body = {};
    deferBodyError(request, error);
    next();
  }
}
