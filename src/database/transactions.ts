import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';

/**
 * Request-scoped context (nestjs-cls) with the transactional plugin: a
 * service method marked `@Transactional()` runs in one PostgreSQL
 * transaction, and every repository reached through `TxHost.tx` (common/data) during it
 * (business rows, event rows, later idempotency records) joins it.
 */
export const TransactionsModule = ClsModule.forRoot({
  global: true,
  middleware: { mount: true },
  plugins: [
    new ClsPluginTransactional({
      adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
      enableTransactionProxy: false,
    }),
  ],
});
