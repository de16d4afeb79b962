import type { NextFunction, Request, Response } from 'express';

export interface PageHeaderOptions {
  /** The Content-Security-Policy directives, each `name value…`. */
  contentSecurityPolicy: readonly string[];
  referrerPolicy: 'same-origin' | 'no-referrer';
}

/**
 * The headers every server-rendered page sends, error pages included: its CSP, no framing, no
 * MIME sniffing, and `no-store` (a page may show what must not be cached: a new API key, a
 * checkout page's secret URL).
 */
export function pageHeaders({ contentSecurityPolicy, referrerPolicy }: PageHeaderOptions): (request: Request, response: Response, next: NextFunction) => void {
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy.join('; '),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': referrerPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  return (_request, response, next) => {
    response.set(headers);
    next();
  };
}
