import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { answerProtocolErrorsWithEnvelope } from './common/http/protocol-errors';
import { assignRequestId } from './common/logging/request-id';
import { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi-document';

/**
 * Application-level settings that are not modules. `main.ts` and the e2e
 * tests both call this, so tests exercise the pipeline that production runs.
 * The app must be created with `bodyParser: false`: JSON parsing happens in
 * `JsonBodyMiddleware`, after the request id exists.
 */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(app.get(Logger));
  app.use(assignRequestId);
  answerProtocolErrorsWithEnvelope(app.getHttpServer());
  app.disable('x-powered-by');
  // The client address (`req.ip`) that per-address limits count: the TCP peer, unless it is a trusted proxy.
  const { trustProxy } = app.get(AppConfig);
  app.set('trust proxy', trustProxy.length > 0 ? [...trustProxy] : false);
  // JSON API answers are not cached by validators; hashing every body for an ETag is wasted work.
  app.disable('etag');
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}
