import { Module } from '@nestjs/common';
import { NetworkRegistry } from './network-registry';

/** The chains this instance can reach (DESIGN.md §13); knows nothing of sessions. */
@Module({
  providers: [NetworkRegistry],
  exports: [NetworkRegistry],
})
export class ChainsModule {}
