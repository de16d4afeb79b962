import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CheckoutPageUrls } from './checkout-page-urls';
import { ServerSecretKey } from './server-secret-key';

/** The server's secret key, loaded once at start, and what is derived from it. */
@Global()
@Module({
  providers: [{ provide: ServerSecretKey, inject: [AppConfig], useFactory: (config: AppConfig) => ServerSecretKey.load(config) }, CheckoutPageUrls],
  exports: [ServerSecretKey, CheckoutPageUrls],
})
export class ServerSecretsModule {}
