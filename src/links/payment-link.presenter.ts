import type { PaymentLinkResponse } from './dto/payment-link-response.dto';
import type { PaymentLink } from './payment-link.entity';

export function presentPaymentLink(link: PaymentLink, publicBaseUrl: string): PaymentLinkResponse {
  return {
    id: link.id,
    object: 'payment_link',
    livemode: link.livemode,
    name: link.name,
    amount: link.amount,
    currency: link.currency,
    active: link.active,
    url: `${publicBaseUrl}/pay/${link.id}`,
    metadata: link.metadata,
    createdAt: link.createdAt,
  };
}
