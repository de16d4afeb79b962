import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { answerProtocolErrorsWithEnvelope } from './common/http/protocol-errors';
import { assignRequestId } from './common/logging/request-id';
import { AppConfig } from './config/app-config';
import { Metrics } from './metrics/metrics';
import { observeRequests } from './metrics/request-metrics';
import { buildOpenApiDocument } from './openapi/openapi-document';

/**
 * Application-level settings that are not modules. `main.ts` and the e2e
 * tests both call this, so tests exercise the pipeline that production runs.
 * The app must be created with `bodyParser: false`: JSON parsing happens in
 * `JsonBodyMiddleware`, after the request id exists.
 */
export function configureApp(app: NestExpressApplication): void {
  serveOneSpellingPerRoute(app.getHttpAdapter().getInstance() as Express);
  const config = app.get(AppConfig);
  // First, so every request is timed and counted, whatever answers it.
  if (config.metrics) app.use(observeRequests(app.get(Metrics)));
  app.useLogger(app.get(Logger));
  app.use(assignRequestId);
  answerProtocolErrorsWithEnvelope(app.getHttpServer());
  app.disable('x-powered-by');
  // The client address (`req.ip`) that per-address limits count: the TCP peer, unless it is a trusted proxy.
  app.set('trust proxy', config.trustProxy.length > 0 ? [...config.trustProxy] : false);
  // JSON API answers are not cached by validators; hashing every body for an ETag is wasted work.
  app.disable('etag');
  // Swagger UI's "Try it out" calls the deployment that serves it: its own origin comes first.
  const here = { url: '/', description: 'This deployment' };
  SwaggerModule.setup('docs/admin', app, () => withServer(buildOpenApiDocument(app, 'admin'), here), { jsonDocumentUrl: 'docs/admin/openapi.json' });
  SwaggerModule.setup('docs', app, () => withServer(buildOpenApiDocument(app, 'public'), here), { jsonDocumentUrl: 'docs/openapi.json' });
}

function withServer(document: OpenAPIObject, server: { url: string; description: string }): OpenAPIObject {
  return { ...document, servers: [server, ...(document.servers ?? [])] };
}

/**
 * Express matches routes case-insensitively and with or without a trailing
 * slash by default; here `/api/v1/customers` is the only spelling served
 * (any other is a 404 like an unknown route). The settings apply to routes
 * registered afterwards — all of them, since routes are registered at init.
 */
function serveOneSpellingPerRoute(express: Express): void {
  express.set('case sensitive routing', true);
  express.set('strict routing', true);
  // The router is created once, from these settings; one made earlier would silently ignore them.
  const router = express.router as unknown as { caseSensitive: boolean; strict: boolean };
  router.caseSensitive = true;
  router.strict = true;
}
