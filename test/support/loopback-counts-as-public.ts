import { Injectable } from '@nestjs/common';
import { DestinationPolicy } from '../../src/webhooks/destination-policy';

/**
 * The real destination policy, except that answers from 127.0.0.1 count as
 * coming from a public address. A test machine has no public address to run a
 * receiver on; with this, tests see what is stored of a public receiver's
 * answer. Which URLs may be used is decided exactly as before.
 */
@Injectable()
export class LoopbackCountsAsPublic extends DestinationPolicy {
  override isPublicAddress(address: string | undefined): boolean {
    return address === '127.0.0.1' || address === '::ffff:127.0.0.1' || super.isPublicAddress(address);
  }
}
