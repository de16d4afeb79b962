import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../customers/customers.module';
import { EventsModule } from '../events/events.module';
import { LinksModule } from '../links/links.module';
import { CheckoutSession } from './checkout-session.entity';
import { CheckoutSessionsController } from './checkout-sessions.controller';
import { CheckoutSessionsService } from './checkout-sessions.service';
import { SessionSweeper } from './session-sweeper';
import { TestHelpersController } from './test-helpers.controller';

@Module({
  imports: [TypeOrmModule.forFeature([CheckoutSession]), EventsModule, LinksModule, CustomersModule],
  controllers: [CheckoutSessionsController, TestHelpersController],
  providers: [CheckoutSessionsService, SessionSweeper],
})
export class SessionsModule {}
