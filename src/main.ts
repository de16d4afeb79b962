import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { baseLoggerOptions } from './common/logging/logger-options';
import { startLocalChain, type LocalChain } from './chains/local-chain/local-chain';
import { AppConfig, loadConfig, withLocalChain } from './config/app-config';
import { ConfigError } from './config/environment';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { exitOnSignals } from './lifecycle/graceful-shutdown';
import { keepIdleConnectionsLongerThanTheBalancer } from './lifecycle/http-keep-alive';

const EMBEDDED_DATABASE_NAME = 'checkout';

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable and its format.\n`);
    process.exit(78); // EX_CONFIG
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino(baseLoggerOptions(config.logLevel));

  let embedded: EmbeddedDatabase | undefined;
  let localChain: LocalChain | undefined;
  const stopEmbedded = async () => {
    try {
      await localChain?.stop();
    } finally {
      await embedded?.stop();
    }
  };
  try {
    if (!config.databaseUrl) {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        database: EMBEDDED_DATABASE_NAME,
        logger,
      });
    }
    if (config.localChain) {
      localChain = await startLocalChain({ dataDir: config.dataDir, port: config.localChain.port, logger });
    }
    const databaseUrl = config.databaseUrl ?? embedded!.url;
    const appConfig = localChain ? withLocalChain(config, localChain.rpcUrl) : config;
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config: appConfig, databaseUrl }), {
      bodyParser: false,
      bufferLogs: true,
    });
    configureApp(app);
    keepIdleConnectionsLongerThanTheBalancer(app.getHttpServer(), config.keepAliveTimeoutMs);
    exitOnSignals({ app, afterClose: stopEmbedded, timeoutMs: config.shutdownTimeoutMs, logger });
    await app.listen(config.port, config.host);
    logger.info(
      { port: config.port, database: embedded ? 'embedded' : 'DATABASE_URL', localChain: localChain?.rpcUrl },
      `Crypto Checkout is listening on http://${config.host}:${config.port}`,
    );
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    await stopEmbedded();
    process.exit(1);
  }
}

void bootstrap();
