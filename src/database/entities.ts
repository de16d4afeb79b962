import { AdminSession } from '../admin/admin-session.entity';
import { AdminUser } from '../admin/admin-user.entity';
import { ChainBlock } from '../chain-watcher/chain-block.entity';
import { ChainProgress } from '../chain-watcher/chain-progress.entity';
import { EthBalance } from '../chain-watcher/eth-balance.entity';
import { SweepItem } from '../collecting/sweep-item.entity';
import { SweepRequest } from '../collecting/sweep-request.entity';
import { Sweep } from '../collecting/sweep.entity';
import { SignInFailure } from '../admin/sign-in-failure.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { Customer } from '../customers/customer.entity';
import { Event } from '../events/event.entity';
import { PaymentLink } from '../links/payment-link.entity';
import { CheckoutSession } from '../sessions/checkout-session.entity';
import { Payment } from '../sessions/payments/payment.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';

/**
 * Every TypeORM entity of the application. Each feature module's entities are
 * added here when the module lands, so the migration drift check sees them.
 */
export const ENTITIES: Function[] = [
  AdminUser,
  AdminSession,
  SignInFailure,
  ApiKey,
  IdempotencyRecord,
  Event,
  Customer,
  PaymentLink,
  CheckoutSession,
  Payment,
  ChainProgress,
  ChainBlock,
  EthBalance,
  Sweep,
  SweepItem,
  SweepRequest,
  WebhookEndpoint,
  WebhookDelivery,
];
