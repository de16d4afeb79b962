import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ChainsModule } from '../chains/chains.module';
import { FormBodyMiddleware } from '../common/pages/form-body.middleware';
import { RateLimitStorageModule } from '../common/rate-limit/rate-limit.module';
import { LinksModule } from '../links/links.module';
import { SessionsModule } from '../sessions/sessions.module';
import { CheckoutAssetsController } from './checkout-assets.controller';
import { checkoutPageHeaders } from './checkout-page-headers';
import { CheckoutPageController } from './checkout-page.controller';
import { PageSessions } from './page-sessions';
import { PaymentLinkLandingController } from './payment-link-landing.controller';
import { PaymentLinkLimiter } from './payment-link-limiter';

/** Routes this module serves; AppModule keeps its JSON body parser off them. */
export const CHECKOUT_PAGE_ROUTES = ['checkout/{*path}', 'pay/{*path}'];

/** The pages a payer sees (DESIGN.md §14): a session's checkout page and a payment link's landing. */
@Module({
  imports: [SessionsModule, LinksModule, ChainsModule, RateLimitStorageModule],
  // The assets first: `/checkout/assets/…` is theirs, never a session's.
  controllers: [CheckoutAssetsController, CheckoutPageController, PaymentLinkLandingController],
  providers: [PageSessions, PaymentLinkLimiter],
})
export class CheckoutPageModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(checkoutPageHeaders, FormBodyMiddleware).forRoutes(...CHECKOUT_PAGE_ROUTES);
  }
}
