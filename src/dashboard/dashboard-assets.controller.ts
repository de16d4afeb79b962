import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DashboardExceptionFilter } from './dashboard-exception.filter';

/** The only files served; read once at start (nest-cli.json copies them into dist). */
const ASSETS: Record<string, string> = { 'dashboard.css': 'text/css', 'dashboard.js': 'text/javascript' };

/** The stylesheet and the copy-button script, from this origin, as the CSP requires. */
@ApiExcludeController()
@Controller('dashboard/assets')
@UseFilters(DashboardExceptionFilter)
export class DashboardAssetsController {
  private readonly files = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(join(__dirname, 'assets', name)) }]));

  @Get(':file')
  asset(@Param('file') name: string, @Res() response: Response): void {
    const file = this.files.get(name);
    if (!file) throw new NotFoundException();
    response.type(file.type).send(file.body);
  }
}
