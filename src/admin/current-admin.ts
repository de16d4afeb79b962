import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AdminSession } from './admin-session.entity';

const SESSION = Symbol('adminSession');

type RequestWithSession = Request & { [SESSION]?: AdminSession };

export function setAdminSession(request: Request, session: AdminSession): void {
  (request as RequestWithSession)[SESSION] = session;
}

/** The session `AdminSessionGuard` resumed for this request. */
export const CurrentAdminSession = createParamDecorator((_data: unknown, context: ExecutionContext): AdminSession => {
  const session = (context.switchToHttp().getRequest<Request>() as RequestWithSession)[SESSION];
  if (!session) throw new Error('CurrentAdminSession used on a route without AdminSessionGuard');
  return session;
});
