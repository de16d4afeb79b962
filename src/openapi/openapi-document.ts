import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../admin/admin-session.cookie';
import { applyConventions } from './openapi-conventions';

/** The OpenAPI document of the running routes; `openapi.yaml` is this, serialised. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Crypto Checkout API')
    .setDescription(
      'Self-hosted crypto payments. Authenticate `/api/v1` requests with `Authorization: Bearer ck_{test|live}_…`. ' +
        'Every response carries a `Request-Id` header; every error is the `ApiErrorEnvelope`.',
    )
    .setVersion('1')
    .setLicense('Proprietary', 'https://your-domain.com/terms')
    .addServer('/', 'This deployment')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'ck_{test|live}_…', description: 'An API key, `ck_test_…` or `ck_live_…`.' },
      'apiKey',
    )
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: 'Set by `POST /admin/session`.' }, 'adminSession')
    .build();
  return applyConventions(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (_controllerKey, methodKey) => methodKey,
    }),
  );
}
