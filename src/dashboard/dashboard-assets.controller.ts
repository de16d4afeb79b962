import { join } from 'node:path';
import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaticAssets } from '../common/pages/static-assets';
import { DashboardExceptionFilter } from './dashboard-exception.filter';

/** The stylesheet and the copy-button script, from this origin, as the CSP requires. */
@ApiExcludeController()
@Controller('dashboard/assets')
@UseFilters(DashboardExceptionFilter)
export class DashboardAssetsController {
  private readonly assets = new StaticAssets(join(__dirname, 'assets'), ['dashboard.css', 'dashboard.js']);

  @Get(':file')
  asset(@Param('file') name: string, @Res() response: Response): void {
    this.assets.send(name, response);
  }
}
