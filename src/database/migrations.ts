import { ApiKeysAndAdminSessions1795672900817 } from './migrations/1795672900817-ApiKeysAndAdminSessions';
import { CustomersAndEvents1795673607322 } from './migrations/1795673607322-CustomersAndEvents';
import { PaymentLinksAndCheckoutSessions1795673765080 } from './migrations/1795673765080-PaymentLinksAndCheckoutSessions';
import { WebhookEndpoints1795673815722 } from './migrations/1795673815722-WebhookEndpoints';
import { IdempotencyRecords1795674346012 } from './migrations/1795674346012-IdempotencyRecords';
import { WebhookDeliveries1795675471999 } from './migrations/1795675471999-WebhookDeliveries';
import { ApiKeyIssueTokens1795677596976 } from './migrations/1795677596976-ApiKeyIssueTokens';
import { IdempotencyClaimsAndDeliveryLeaseTokens1795947490018 } from './migrations/1795947490018-IdempotencyClaimsAndDeliveryLeaseTokens';
import { SessionPayments1795958226435 } from './migrations/1795958226435-SessionPayments';
import { ChainWatcher1795959251012 } from './migrations/1795959251012-ChainWatcher';
import { WebhookSecretRoll1795963703498 } from './migrations/1795963703498-WebhookSecretRoll';
import { SessionListFilterIndexes1795970000000 } from './migrations/1795970000000-SessionListFilterIndexes';
import { Sweeps1795980000000 } from './migrations/1795980000000-Sweeps';

/** Every migration, oldest first; the files live in ./migrations. */
export const MIGRATIONS: Function[] = [
  ApiKeysAndAdminSessions1795672900817,
  CustomersAndEvents1795673607322,
  PaymentLinksAndCheckoutSessions1795673765080,
  WebhookEndpoints1795673815722,
  IdempotencyRecords1795674346012,
  WebhookDeliveries1795675471999,
  ApiKeyIssueTokens1795677596976,
  IdempotencyClaimsAndDeliveryLeaseTokens1795947490018,
  SessionPayments1795958226435,
  ChainWatcher1795959251012,
  WebhookSecretRoll1795963703498,
  SessionListFilterIndexes1795970000000,
  Sweeps1795980000000,
];
