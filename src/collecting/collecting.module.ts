import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SweepItem } from './sweep-item.entity';
import { SweepRecords } from './sweep-records';
import { Sweep } from './sweep.entity';

/** Collecting funds (DESIGN.md §13): what was swept from deposit addresses to payout addresses. */
@Module({
  imports: [TypeOrmModule.forFeature([Sweep, SweepItem])],
  providers: [SweepRecords],
  exports: [SweepRecords],
})
export class CollectingModule {}
