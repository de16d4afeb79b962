import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/** The transaction host every repository reads `tx` from: inside `@Transactional()`, the open transaction. */
export type TxHost = TransactionHost<TransactionalAdapterTypeOrm>;
