import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Event } from './event.entity';
import { EventPurger } from './event-purger';
import { EventWriter } from './event-writer';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** Events: written by every feature (through `EventWriter`), read through `/api/v1/events`. Imports no feature. */
@Module({
  imports: [TypeOrmModule.forFeature([Event])],
  controllers: [EventsController],
  providers: [EventWriter, EventsService, EventPurger],
  exports: [EventWriter],
})
export class EventsModule {}
