import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { ApiErrors } from '../errors/api-errors';
import { deferBodyError } from '../http/unreadable-body';

const FORM_LIMIT_BYTES = 16 * 1024;

/**
 * Parses the HTML form posts of the server-rendered pages (dashboard, checkout page):
 * `application/x-www-form-urlencoded`, flat: repeated fields become arrays. The JSON parser of `/api/v1` and
 * `/admin` does not run here. An unreadable body is raised after the guards,
 * as elsewhere, so a cross-site post is refused as such.
 */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  private readonly parse = express.urlencoded({ extended: false, limit: FORM_LIMIT_BYTES, parameterLimit: 100 });

  use(request: Request, response: Response, next: NextFunction): void {
    this.parse(request, response, (error?: unknown) => {
      if (error) {
        request.body = {};
        const tooLarge = (error as { type?: unknown }).type === 'entity.too.large';
        deferBodyError(request, tooLarge ? ApiErrors.bodyTooLarge(FORM_LIMIT_BYTES) : ApiErrors.bodyMalformed('The form could not be read.'));
      }
      request.body ??= {};
      next();
    });
  }
}
