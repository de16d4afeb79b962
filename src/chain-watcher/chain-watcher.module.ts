import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChainsModule } from '../chains/chains.module';
import { CollectingModule } from '../collecting/collecting.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ChainBlock } from './chain-block.entity';
import { ChainLedger } from './chain-ledger';
import { ChainProgress } from './chain-progress.entity';
import { ChainStatusController } from './chain-status.controller';
import { ChainStatuses } from './chain-statuses';
import { ChainWatchers } from './chain-watchers';
import { EthBalance } from './eth-balance.entity';

/** Chains → payments: the watchers that turn blocks into session payments and sweeps (DESIGN.md §13). */
@Module({
  imports: [TypeOrmModule.forFeature([ChainProgress, ChainBlock, EthBalance]), ChainsModule, CollectingModule, SessionsModule],
  controllers: [ChainStatusController],
  providers: [ChainLedger, ChainWatchers, ChainStatuses],
  exports: [ChainWatchers, ChainStatuses],
})
export class ChainWatcherModule {}
