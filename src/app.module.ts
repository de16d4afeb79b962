import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AdminModule } from './admin/admin.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ApiKeyAuthMiddleware } from './common/auth/api-key-auth.middleware';
import { ChainWatcherModule } from './chain-watcher/chain-watcher.module';
import { CollectingModule } from './collecting/collecting.module';
import { ChainsModule } from './chains/chains.module';
import { CheckoutPageModule, CHECKOUT_PAGE_ROUTES } from './checkout-page/checkout-page.module';
import { AuthModule } from './common/auth/auth.module';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { JsonBodyMiddleware } from './common/http/json-body.middleware';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { ServerSecretsModule } from './common/security/server-secrets.module';
import { UnreadableBodyInterceptor } from './common/http/unreadable-body';
import { createValidationPipe } from './common/http/validation.pipe';
import { httpLoggerParams } from './common/logging/logger-options';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CustomersModule } from './customers/customers.module';
import { DashboardModule, DASHBOARD_ROUTES } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { TransactionsModule } from './database/transactions';
import { EventsModule } from './events/events.module';
import { GoingLiveModule } from './going-live/going-live.module';
import { HealthModule } from './health/health.module';
import { LinksModule } from './links/links.module';
import { MetricsModule } from './metrics/metrics.module';
import { SessionsModule } from './sessions/sessions.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The resolved connection URL: DATABASE_URL, or the embedded server's. */
  databaseUrl: string;
  /** Where log lines go; stdout unless a test captures them. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule implements NestModule {
  static forRoot({ config, databaseUrl, logDestination }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(httpLoggerParams(config.logLevel, logDestination)),
        DatabaseModule.forRoot(databaseUrl),
        TransactionsModule,
        ServerSecretsModule,
        ChainsModule,
        AuthModule,
        IdempotencyModule,
        AdminModule,
        ApiKeysModule,
        DashboardModule,
        CheckoutPageModule,
        EventsModule,
        CustomersModule,
        LinksModule,
        SessionsModule,
        ChainWatcherModule,
        CollectingModule,
        WebhooksModule,
        HealthModule,
        GoingLiveModule,
        MetricsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: UnreadableBodyInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }

  /**
   * Authentication before the body is read: a bad key costs no parsing
   * (DESIGN.md §4). It sees every path, so it can judge any spelling of one.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ApiKeyAuthMiddleware).forRoutes('{*path}');
    // The dashboard and the checkout page post HTML forms; their modules parse those.
    consumer.apply(JsonBodyMiddleware).exclude(...DASHBOARD_ROUTES, ...CHECKOUT_PAGE_ROUTES).forRoutes('{*path}');
  }
}
