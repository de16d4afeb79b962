import { OmittableType } from '../../common/validation/omittable';
import { CreatePaymentLinkDto } from './create-payment-link.dto';

/** Any field of a payment link; `metadata` keys are merged and a key set to `""` is removed. */
export class UpdatePaymentLinkDto extends OmittableType(CreatePaymentLinkDto) {}
