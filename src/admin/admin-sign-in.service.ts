import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';
import { SESSION_COOKIE, sessionCookieOptions, sessionTokenOf } from './admin-session.cookie';
import { AdminAccountsService } from './admin-accounts.service';
import type { AdminSession } from './admin-session.entity';
import { AdminSessionsService } from './admin-sessions.service';
import type { AdminUser } from './admin-user.entity';
import { SignInLimiter } from './sign-in-limiter';

export interface SignedIn {
  admin: AdminUser;
  session: AdminSession;
}

/**
 * Sign-in and sign-out as the admin API and the dashboard both do them: the
 * limiter, the credential check with one message for every failure, the
 * session and its cookie. One implementation, so the two cannot drift apart.
 */
@Injectable()
export class AdminSignInService {
  constructor(
    private readonly accounts: AdminAccountsService,
    private readonly sessions: AdminSessionsService,
    private readonly limiter: SignInLimiter,
    private readonly config: AppConfig,
  ) {}

  /** Checks the credentials and sets the session cookie; a 401 or 429 ApiError otherwise. */
  async signIn(email: string, password: string, request: Request, response: Response): Promise<SignedIn> {
    const ip = request.ip ?? 'unknown';
    await this.limiter.reserveAttempt(email, ip);
    const admin = await this.accounts.authenticate(email, password);
    if (!admin) throw new ApiError(401, 'authentication', 'invalid_credentials', 'The email or password is not correct.');
    await this.limiter.recordSuccess(email, ip);
    const { token, session } = await this.sessions.start(admin.id);
    const { secureCookie, maxHours } = this.config.adminSession;
    response.cookie(SESSION_COOKIE, token, sessionCookieOptions(secureCookie, maxHours * 3_600_000));
    return { admin, session };
  }

  /** Ends the request's session, if any, and clears the cookie. */
  async signOut(request: Request, response: Response): Promise<void> {
    const token = sessionTokenOf(request);
    if (token) await this.sessions.end(token);
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config.adminSession.secureCookie, 0);
    response.clearCookie(SESSION_COOKIE, options);
  }
}
