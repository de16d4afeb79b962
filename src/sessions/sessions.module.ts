import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from '../admin/admin.module';
import { ChainsModule } from '../chains/chains.module';
import { CollectingModule } from '../collecting/collecting.module';
import { CustomersModule } from '../customers/customers.module';
import { EventsModule } from '../events/events.module';
import { LinksModule } from '../links/links.module';
import { CheckoutSession } from './checkout-session.entity';
import { CheckoutSessionsController } from './checkout-sessions.controller';
import { CheckoutSessionsService } from './checkout-sessions.service';
import { AdminDepositAddressesController } from './admin-deposit-addresses.controller';
import { DepositAddressOwners } from './deposit-address-owners';
import { PaymentOptionsPolicy } from './payments/payment-options';
import { Payment } from './payments/payment.entity';
import { SessionPayments } from './payments/session-payments';
import { TestPayments } from './payments/test-payments';
import { SessionSweeper } from './session-sweeper';
import { TestHelpersController } from './test-helpers.controller';

@Module({
  imports: [TypeOrmModule.forFeature([CheckoutSession, Payment]), AdminModule, ChainsModule, CollectingModule, EventsModule, LinksModule, CustomersModule],
  controllers: [CheckoutSessionsController, TestHelpersController, AdminDepositAddressesController],
  providers: [CheckoutSessionsService, DepositAddressOwners, SessionSweeper, PaymentOptionsPolicy, SessionPayments, TestPayments],
  exports: [SessionPayments, CheckoutSessionsService, TestPayments],
})
export class SessionsModule {}
