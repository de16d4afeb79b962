import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { ListQueryDto } from '../../common/pagination/list-query.dto';
import { paginate } from '../../common/pagination/paginate';
import { SweepItem } from '../sweep-item.entity';
import { Sweep } from '../sweep.entity';
import type { SweepListResponse } from './dto/sweep-response.dto';
import { presentSweep } from './sweep.presenter';

/** Sweeps of both modes, whoever sent them, newest first: one page, each with what it moved (`GET /admin/sweeps`, the Balances page). */
@Injectable()
export class SweepHistory {
  constructor(
    @InjectRepository(Sweep) private readonly sweeps: Repository<Sweep>,
    @InjectRepository(SweepItem) private readonly items: Repository<SweepItem>,
  ) {}

  async page(query: ListQueryDto): Promise<SweepListResponse> {
    const page = await paginate(this.sweeps, {}, query, 'sweep');
    const items = page.data.length > 0 ? await this.items.find({ where: { sweepId: In(page.data.map((sweep) => sweep.id)) }, order: { depositAddress: 'ASC', currency: 'ASC' } }) : [];
    return { ...page, data: page.data.map((sweep) => presentSweep(sweep, items.filter((item) => item.sweepId === sweep.id))) };
  }
}
