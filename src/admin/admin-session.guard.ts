import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/errors/api-error';
import { sessionTokenOf } from './admin-session.cookie';
import { AdminSessionsService } from './admin-sessions.service';
import { setAdminSession } from './current-admin';

/** `/admin` routes need a live session cookie; an API key never counts (DESIGN.md §10). */
@Injectable()
export class AdminSessionGuard implements CanActivate {
  constructor(private readonly sessions: AdminSessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = sessionTokenOf(request);
    const session = token ? await this.sessions.resume(token) : undefined;
    if (!session) {
      throw new ApiError(401, 'authentication', 'session_required', 'Sign in first: POST /admin/session with your email and password.');
    }
    setAdminSession(request, session);
    return true;
  }
}
