import { join } from 'node:path';
import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { StaticAssets } from '../common/pages/static-assets';
import { CheckoutPageExceptionFilter } from './checkout-page.filter';

/** The page's stylesheet and scripts (live status and copy buttons; the browser wallet), from this origin. */
@ApiExcludeController()
@Controller('checkout/assets')
@UseFilters(CheckoutPageExceptionFilter)
export class CheckoutAssetsController {
  private readonly assets = new StaticAssets(join(__dirname, 'assets'), ['checkout.css', 'checkout.js', 'wallet.js']);

  @Get(':file')
  checkoutAsset(@Param('file') name: string, @Res() response: Response): void {
    this.assets.send(name, response);
  }
}
