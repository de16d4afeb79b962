import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from '../admin/admin.module';
import { ApiKeyVerifier } from '../common/auth/api-key-verifier';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKey } from './api-key.entity';
import { ApiKeyController } from './api-key.controller';
import { ApiKeysService } from './api-keys.service';
import { KeyChangeAcks } from './key-change-acks';
import { KeyChangeListener } from './key-change-listener';

/** API keys: their lifecycle (admin API) and their verification for `/api/v1`. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), AdminModule],
  controllers: [ApiKeyController, AdminApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeyAuthenticator,
    KeyChangeListener,
    KeyChangeAcks,
    { provide: ApiKeyVerifier, useExisting: ApiKeyAuthenticator },
  ],
  exports: [ApiKeyVerifier, ApiKeysService],
})
export class ApiKeysModule {}
