import { Body, Controller, Delete, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrorEnvelope } from '../common/errors/error-envelope.dto';
import { AdminSignInService } from './admin-sign-in.service';
import { AdminSessionResponse } from './dto/admin-session-response.dto';
import { SignInDto } from './dto/sign-in.dto';
import { SameOriginGuard } from './same-origin.guard';

@ApiTags('Admin')
@Controller('admin/session')
@UseGuards(SameOriginGuard)
export class AdminSessionController {
  constructor(private readonly signIns: AdminSignInService) {}

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
    const { admin, session } = await this.signIns.signIn(body.email, body.password, request, response);
    return { object: 'admin_session', email: admin.email, expiresAt: session.expiresAt };
  }

  /** Signs out: ends the session and clears the cookie. */
  @Delete()
  @HttpCode(204)
  @ApiCookieAuth('adminSession')
  @ApiNoContentResponse({ description: 'Signed out (also when there was no session).' })
  async deleteAdminSession(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.signIns.signOut(request, response);
  }
}
