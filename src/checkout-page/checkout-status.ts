import type { CheckoutView, PageState } from './checkout-view';

/** The live status the page's script polls: what the page shows, nothing more (no customer, no metadata, no API-only field). */
export interface CheckoutStatus {
  state: PageState;
  /** When it differs from the page's, the page fetches its new content and swaps it in. */
  revision: string;
  amount: string;
  currency: string;
  amountDue: string;
  amountReceived: string;
  amountPending: string;
  expiresAt: string;
  payments: { txHash: string | null; status: string; progress: string }[];
}

export function checkoutStatus(view: CheckoutView): CheckoutStatus {
  return {
    state: view.state,
    revision: view.revision,
    amount: view.amount,
    currency: view.currency,
    amountDue: view.amountDue,
    amountReceived: view.amountReceived,
    amountPending: view.amountPending,
    expiresAt: view.expiresAt.toISOString(),
    payments: view.payments.map(({ txHash, status, progress }) => ({ txHash, status, progress })),
  };
}
