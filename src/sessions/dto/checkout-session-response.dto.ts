import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../../common/metadata/metadata';
import { SESSION_STATUSES } from '../checkout-session.entity';
import type { SessionStatus } from '../checkout-session.entity';
import { PAYMENT_STATUSES, type PaymentStatus } from '../payments/payment.entity';
import { PAYMENT_STATUS_VALUES, type SessionPaymentStatus } from '../payments/payment-state';

/** A network the session can be paid on: the deposit address is the same on each. */
export class SessionNetworkResponse {
  /** @example "base" */
  network!: string;

  /**
   * The EIP-155 chain id.
   * @example 8453
   */
  @ApiProperty({ type: 'integer' })
  chainId!: number;

  /** @example "USDC" */
  currency!: string;

  /**
   * The token contract to transfer, or null for the network's native coin (ETH).
   * @example "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
   */
  tokenContract!: string | null;

  /**
   * The token's decimals: base units = amount × 10^decimals.
   * @example 6
   */
  @ApiProperty({ type: 'integer' })
  decimals!: number;
}

/** A transfer into the deposit address, as the chain watcher saw it. */
export class SessionPaymentResponse {
  /** @example "base" */
  network!: string;

  /** @example "USDC" */
  currency!: string;

  /** Null only for ETH sent by a contract (no transaction of the payer's own). */
  txHash!: string | null;

  /** The Transfer log's index; null for ETH. */
  @ApiProperty({ type: 'integer' })
  logIndex!: number | null;

  /** The sender; null where the chain does not say (ETH sent by a contract). */
  from!: string | null;

  /**
   * A decimal string in `currency`.
   * @example "12.34"
   */
  amount!: string;

  @ApiProperty({ type: 'integer' })
  blockNumber!: number;

  /** How deep its block was when the watcher last looked; frozen once confirmed. */
  @ApiProperty({ type: 'integer' })
  confirmations!: number;

  /** `pending` when seen, `confirmed` when settled, `reorged` if its block left the chain. */
  @ApiProperty({ enum: PAYMENT_STATUSES })
  status!: PaymentStatus;

  /** In the session's currency on one of its networks; an unmatched payment counts nowhere. */
  matched!: boolean;

  /** Arrived after the session had expired or completed; recorded, never counted. */
  late!: boolean;

  detectedAt!: Date;

  confirmedAt!: Date | null;
}

export class CheckoutSessionResponse {
  /**
   * `cs_…`
   * @example "cs_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['checkout_session'] })
  object!: 'checkout_session';

  livemode!: boolean;

  /** `open` until paid (`complete`) or past `expiresAt` / expired by request (`expired`). */
  @ApiProperty({ enum: SESSION_STATUSES })
  status!: SessionStatus;

  /** @example "12.34" */
  amount!: string;

  /** @example "USDC" */
  currency!: string;

  /** The payment link the price came from, if any. */
  paymentLink!: string | null;

  customer!: string | null;

  successUrl!: string | null;

  cancelUrl!: string | null;

  /**
   * The hosted page where the customer pays. Its `s` parameter is the page's secret (without it the
   * page is not found): the same on every read, derived by the server and never stored.
   * @example "https://pay.example.com/checkout/cs_01jdqvtsjxf2nbrexx3vqjhp41?s=dYsIiBtJw4NtvjGDX4rWjCkX3M1T8isQytKTTa_TzjI"
   */
  url!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Metadata;

  /**
   * Where the customer pays, the same address on every network in `networks`; null when the
   * session has no network (test mode without a chain).
   * @example "0x5FbDB2315678afecb367f032d93F642f64180aa3"
   */
  depositAddress!: string | null;

  networks!: SessionNetworkResponse[];

  /** `unpaid` → `pending` → `paid`, or `underpaid` (part confirmed, nothing pending), `overpaid`. */
  @ApiProperty({ enum: PAYMENT_STATUS_VALUES })
  paymentStatus!: SessionPaymentStatus;

  /**
   * Confirmed, matched, on-time payments, a decimal string in `currency`.
   * @example "0"
   */
  amountReceived!: string;

  /**
   * Seen on chain but not yet settled.
   * @example "0"
   */
  amountPending!: string;

  /**
   * What is still missing from `amount`.
   * @example "12.34"
   */
  amountDue!: string;

  /** Every transfer seen into the deposit address, oldest first, counted or not. */
  payments!: SessionPaymentResponse[];

  expiresAt!: Date;

  completedAt!: Date | null;

  createdAt!: Date;
}

export class CheckoutSessionListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: CheckoutSessionResponse[];

  hasMore!: boolean;
}
