import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sessionTokenOf } from '../admin/admin-session.cookie';
import { AdminSessionsService } from '../admin/admin-sessions.service';
import { AdminSignInService } from '../admin/admin-sign-in.service';
import { SignInDto } from '../admin/dto/sign-in.dto';
import { SameOriginGuard } from '../admin/same-origin.guard';
import { ApiError } from '../common/errors/api-error';
import { DashboardExceptionFilter } from './dashboard-exception.filter';
import { field } from '../common/pages/form-fields';
import { validateForm } from './form-validation';
import { safeNext } from './safe-next';
import { sendPage } from '../common/pages/send-page';
import { signInPage } from './templates/sign-in.page';

/** `/dashboard`: the sign-in form, and sign-out. Same limiter, session and cookie as `/admin/session`. */
@ApiExcludeController()
@Controller('dashboard')
@UseGuards(SameOriginGuard)
@UseFilters(DashboardExceptionFilter)
export class DashboardSignInController {
  constructor(
    private readonly signIns: AdminSignInService,
    private readonly sessions: AdminSessionsService,
  ) {}

  @Get()
  async showSignIn(@Query('next') next: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const target = safeNext(next);
    const token = sessionTokenOf(request);
    if (token && (await this.sessions.resume(token))) return response.redirect(303, target);
    sendPage(response, signInPage({ next: target }));
  }

  @Post()
  async signIn(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const next = safeNext(body.next);
    const email = field(body.email);
    const form = await validateForm(SignInDto, { email, password: field(body.password) });
    if (!form.ok) return sendPage(response, signInPage({ next, email, error: form.error }), form.error.status);
    try {
      await this.signIns.signIn(form.value.email, form.value.password, request, response);
    } catch (error) {
      // A wrong password and an unknown email are one 401 with one message; 429 carries Retry-After.
      if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 429)) throw error;
      response.set(error.headers);
      return sendPage(response, signInPage({ next, email, error }), error.status);
    }
    response.redirect(303, next);
  }

  @Post('sign-out')
  async signOut(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.signIns.signOut(request, response);
    response.redirect(303, '/dashboard');
  }
}
