import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CollectingModule } from '../collecting/collecting.module';
import { DashboardApiKeysController } from './dashboard-api-keys.controller';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { DashboardBalancesController } from './dashboard-balances.controller';
import { dashboardHeaders } from './dashboard-headers.middleware';
import { DashboardSignInController } from './dashboard-sign-in.controller';
import { FormBodyMiddleware } from '../common/pages/form-body.middleware';

/** Routes this module serves; AppModule keeps its JSON body parser off them. */
export const DASHBOARD_ROUTES = ['dashboard', 'dashboard/{*path}'];

/** The staff dashboard (DESIGN.md §10): server-rendered pages over the admin session. */
@Module({
  imports: [AdminModule, ApiKeysModule, CollectingModule],
  controllers: [DashboardSignInController, DashboardApiKeysController, DashboardBalancesController, DashboardAssetsController],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(dashboardHeaders, FormBodyMiddleware).forRoutes(...DASHBOARD_ROUTES);
  }
}
