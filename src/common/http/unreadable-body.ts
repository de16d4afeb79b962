import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { ApiError } from '../errors/api-error';

const BODY_ERROR = Symbol('bodyError');

type RequestWithBodyError = Request & { [BODY_ERROR]?: ApiError };

/** Remembers why the body could not be read, to be raised once the route's guards have run. */
export function deferBodyError(request: Request, error: ApiError): void {
  (request as RequestWithBodyError)[BODY_ERROR] = error;
}

/**
 * Raises a deferred body error after authentication and authorization, so a
 * request with a bad key or a missing scope gets its 401 or 403 even when its
 * body is also malformed (DESIGN.md §4).
 */
@Injectable()
export class UnreadableBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const error = (context.switchToHttp().getRequest<Request>() as RequestWithBodyError)[BODY_ERROR];
    if (error) throw error;
    return next.handle();
  }
}
