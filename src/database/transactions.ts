import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';

/**
 * nestjs-cls with the transactional plugin: a service method marked
 * `@Transactional()` runs in one PostgreSQL transaction, and every repository
 * reached through `TxHost.tx` (common/data) during it (business rows, event
 * rows, idempotency records) joins it.
 *
 * No context is mounted per request: each transaction opens its own
 * (`cls.run`, inheriting an enclosing one), outside a transaction `TxHost.tx`
 * is the plain entity manager, and nothing else keeps state in the context.
 * A per-request context cost every request — `/healthz` and cached reads
 * included — several promise hops and a module look-up (the proxy-provider
 * resolution), for nothing.
 */
export const TransactionsModule = ClsModule.forRoot({
  global: true,
  plugins: [
    new ClsPluginTransactional({
      adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
      enableTransactionProxy: false,
    }),
  ],
});
