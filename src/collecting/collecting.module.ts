import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChainsModule } from '../chains/chains.module';
import { AdminModule } from '../admin/admin.module';
import { AdminSweepsController } from './admin/admin-sweeps.controller';
import { AdminWaitingFundsController } from './admin/admin-waiting-funds.controller';
import { Balances } from './admin/balances.service';
import { SweepHistory } from './admin/sweep-history';
import { SweepNow } from './admin/sweep-now';
import { AutoSweepers } from './auto-sweepers';
import { DepositHoldings } from './deposit-holdings';
import { OwnSweeps } from './own-sweeps';
import { SweepItem } from './sweep-item.entity';
import { SweepRecords } from './sweep-records';
import { SweepRequest } from './sweep-request.entity';
import { Sweep } from './sweep.entity';
import { WaitingFunds } from './waiting-funds';

/** Collecting funds (DESIGN.md §13): sweeps from deposit addresses to payout addresses, recorded and sent. */
@Module({
  imports: [TypeOrmModule.forFeature([Sweep, SweepItem, SweepRequest]), ChainsModule, AdminModule],
  controllers: [AdminWaitingFundsController, AdminSweepsController],
  providers: [SweepRecords, OwnSweeps, WaitingFunds, AutoSweepers, Balances, SweepHistory, SweepNow, DepositHoldings],
  // Balances, SweepHistory and SweepNow: the dashboard's Balances page shows and does what the admin API does.
  exports: [SweepRecords, OwnSweeps, Balances, SweepHistory, SweepNow, DepositHoldings],
})
export class CollectingModule {}
