import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminSessionGuard } from '../admin/admin-session.guard';
import type { AdminSession } from '../admin/admin-session.entity';
import { CurrentAdminSession } from '../admin/current-admin';
import { SameOriginGuard } from '../admin/same-origin.guard';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { CreateApiKeyDto } from '../api-keys/dto/create-api-key.dto';
import { RollApiKeyDto } from '../api-keys/dto/roll-api-key.dto';
import { ParseIdPipe } from '../common/ids/parse-id.pipe';
import { DashboardExceptionFilter } from './dashboard-exception.filter';
import { field, fieldList } from '../common/pages/form-fields';
import { validateForm } from './form-validation';
import { issueTokenOf } from './issue-token';
import { sendPage } from '../common/pages/send-page';
import { apiKeysPage } from './templates/api-keys.page';
import { keyCreatedPage } from './templates/key-created.page';
import { newKeyPage } from './templates/new-key.page';
import { revokeKeyPage } from './templates/revoke-key.page';
import { rollKeyPage } from './templates/roll-key.page';

const PAGE_SIZE = 50;
const KEY_ID = new ParseIdPipe('key');

const emailOf = (session: AdminSession) => session.admin?.email ?? '';

/**
 * `/dashboard/api-keys`: the key lifecycle as HTML forms, behind the admin
 * session and the same-origin check. A new key appears only in the direct
 * answer to the POST that made it (never in a redirect or stored state), and
 * `no-store` keeps that answer out of history and cache.
 */
@ApiExcludeController()
@Controller('dashboard/api-keys')
@UseGuards(SameOriginGuard, AdminSessionGuard)
@UseFilters(DashboardExceptionFilter)
export class DashboardApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  async listKeysPage(@CurrentAdminSession() session: AdminSession, @Query('startingAfter') startingAfter: unknown, @Res() response: Response): Promise<void> {
    const page = await this.keys.list({ limit: PAGE_SIZE, startingAfter: field(startingAfter) });
    const olderAfter = page.hasMore ? page.data[page.data.length - 1].id : undefined;
    sendPage(response, apiKeysPage({ email: emailOf(session), keys: page.data, olderAfter }));
  }

  @Get('new')
  newKeyPage(@CurrentAdminSession() session: AdminSession, @Res() response: Response): void {
    sendPage(response, newKeyPage({ email: emailOf(session) }));
  }

  @Post()
  async createKeyFromForm(@CurrentAdminSession() session: AdminSession, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const values = { name: field(body.name), mode: field(body.mode), scopes: fieldList(body.scopes) };
    const form = await validateForm(CreateApiKeyDto, values);
    if (!form.ok) return sendPage(response, newKeyPage({ email: emailOf(session), values, error: form.error }), form.error.status);
    const { key, secret } = await this.keys.create(form.value, issueTokenOf(body));
    sendPage(response, keyCreatedPage({ email: emailOf(session), heading: 'API key created', key, secret }), 201);
  }

  @Get(':id/revoke')
  async revokeKeyPage(@CurrentAdminSession() session: AdminSession, @Param('id', KEY_ID) id: string, @Res() response: Response): Promise<void> {
    sendPage(response, revokeKeyPage(emailOf(session), await this.keys.get(id)));
  }

  @Post(':id/revoke')
  async revokeKeyFromForm(@Param('id', KEY_ID) id: string, @Res() response: Response): Promise<void> {
    await this.keys.revoke(id);
    response.redirect(303, '/dashboard/api-keys');
  }

  @Get(':id/roll')
  async rollKeyPage(@CurrentAdminSession() session: AdminSession, @Param('id', KEY_ID) id: string, @Res() response: Response): Promise<void> {
    sendPage(response, rollKeyPage(emailOf(session), await this.keys.get(id)));
  }

  @Post(':id/roll')
  async rollKeyFromForm(
    @CurrentAdminSession() session: AdminSession,
    @Param('id', KEY_ID) id: string,
    @Body() body: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const hours = field(body.expiresInHours);
    const form = await validateForm(RollApiKeyDto, { expiresInHours: hours === undefined || hours === '' ? undefined : Number(hours) });
    if (!form.ok) return sendPage(response, rollKeyPage(emailOf(session), await this.keys.get(id), form.error), form.error.status);
    const { key, secret } = await this.keys.roll(id, form.value.expiresInHours, issueTokenOf(body));
    sendPage(response, keyCreatedPage({ email: emailOf(session), heading: 'API key rolled', key, secret }), 201);
  }
}
