import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * The TypeORM connection. Pending migrations run before the app serves;
 * `synchronize` is never on. The pool closes on application shutdown.
 */
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(url, config.databasePoolSize),
            migrationsRun: true,
            // One attempt: a start without a database should fail loudly, not hang.
            retryAttempts: 0,
          }),
        }),
      ],
    };
  }
}
