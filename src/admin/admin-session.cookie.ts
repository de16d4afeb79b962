import type { CookieOptions, Request } from 'express';
import { parse } from 'cookie';

export const SESSION_COOKIE = 'cc_admin_session';

export function sessionCookieOptions(secure: boolean, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeMs };
}

export function sessionTokenOf(request: Request): string | undefined {
  const header = request.headers.cookie;
  return header ? parse(header)[SESSION_COOKIE] : undefined;
}
