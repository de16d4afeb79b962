import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminSession } from './admin-session.entity';
import { AdminSessionController } from './admin-session.controller';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminSessionsService } from './admin-sessions.service';
import { AdminSignInService } from './admin-sign-in.service';
import { AdminUser } from './admin-user.entity';
import { SameOriginGuard } from './same-origin.guard';
import { SignInFailure } from './sign-in-failure.entity';
import { SignInLimiter } from './sign-in-limiter';

/** Staff accounts and their sessions: sign-in for `/admin` and the dashboard. */
@Module({
  imports: [TypeOrmModule.forFeature([AdminUser, AdminSession, SignInFailure])],
  controllers: [AdminSessionController],
  providers: [AdminAccountsService, AdminSessionsService, AdminSignInService, SignInLimiter, AdminSessionGuard, SameOriginGuard],
  exports: [AdminAccountsService, AdminSessionsService, AdminSignInService, AdminSessionGuard, SameOriginGuard],
})
export class AdminModule {}
