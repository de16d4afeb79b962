import { Body, Controller, Delete, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { SESSION_COOKIE, sessionCookieOptions, sessionTokenOf } from './admin-session.cookie';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminSessionsService } from './admin-sessions.service';
import { AdminSessionResponse } from './dto/admin-session-response.dto';
import { SignInDto } from './dto/sign-in.dto';
import { SameOriginGuard } from './same-origin.guard';
import { SignInLimiter } from './sign-in-limiter';

@ApiTags('Admin')
@Controller('admin/session')
@UseGuards(SameOriginGuard)
export class AdminSessionController {
  constructor(
    private readonly accounts: AdminAccountsService,
    private readonly sessions: AdminSessionsService,
    private readonly limiter: SignInLimiter,
    private readonly config: AppConfig,
  ) {}

  /** Signs in with email and password and sets the session cookie. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: AdminSessionResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the message does not say which).', type: ApiErrorEnvelope })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for this email or address.', type: ApiErrorEnvelope })
  async createAdminSession(
    @Body() body: SignInDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AdminSessionResponse> {
    const ip = request.ip ?? 'unknown';
    await this.limiter.reserveAttempt(body.email, ip);
    const admin = await this.accounts.authenticate(body.email, body.password);
    if (!admin) throw new ApiError(401, 'authentication', 'invalid_credentials', 'The email or password is not correct.');
    await this.limiter.recordSuccess(body.email, ip);
    const { token, session } = await this.sessions.start(admin.id);
    const { secureCookie, maxHours } = this.config.adminSession;
    response.cookie(SESSION_COOKIE, token, sessionCookieOptions(secureCookie, maxHours * 3_600_000));
    return { object: 'admin_session', email: admin.email, expiresAt: session.expiresAt };
  }

  /** Signs out: ends the session and clears the cookie. */
  @Delete()
  @HttpCode(204)
  @ApiCookieAuth('adminSession')
  @ApiNoContentResponse({ description: 'Signed out (also when there was no session).' })
  async deleteAdminSession(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = sessionTokenOf(request);
    if (token) await this.sessions.end(token);
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(this.config.adminSession.secureCookie, 0);
    response.clearCookie(SESSION_COOKIE, options);
  }
}
