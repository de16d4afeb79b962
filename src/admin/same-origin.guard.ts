import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BROWSER_SAME_ORIGIN = new Set(['same-origin', 'none']);

function crossSiteRefusal(): ApiError {
  return new ApiError(403, 'permission', 'cross_site_request', 'State-changing requests must come from this site.');
}

/**
 * CSRF protection for `/admin` and the dashboard (DESIGN.md §10): a request
 * that changes state must not come from another site. Browsers say where a
 * request comes from in `Sec-Fetch-Site` and `Origin`; a script (curl) sends
 * neither and is let through on its cookie alone.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(config: AppConfig) {
    this.publicOrigin = new URL(config.publicBaseUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(request.method)) return true;
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && !BROWSER_SAME_ORIGIN.has(site)) throw crossSiteRefusal();
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.publicOrigin && origin !== `${request.protocol}://${request.headers.host}`) {
      throw crossSiteRefusal();
    }
    return true;
  }
}
