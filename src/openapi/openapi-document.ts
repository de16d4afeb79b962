import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../admin/admin-session.cookie';
import { Audience, documentFor } from './document-audiences';
import { applyConventions } from './openapi-conventions';
import { addResponseExamples } from './schema-examples';

/**
 * The OpenAPI document of the running routes for one audience: `openapi.yaml`
 * (public) and `openapi-admin.yaml` (admin) are these, serialised.
 */
export function buildOpenApiDocument(app: INestApplication, audience: Audience = 'public'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Crypto Checkout API')
    .setVersion('1')
    .setLicense('Proprietary', 'https://your-domain.com/terms')
    // Self-hosted: each deployment has its own address, which generated clients take as `baseUrl`.
    .addServer('{baseUrl}', 'Your deployment', {
      baseUrl: { default: 'http://localhost:3000', description: 'Where your deployment serves the API, e.g. `https://pay.example.com`.' },
    })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'ck_{test|live}_…', description: 'An API key, `ck_test_…` or `ck_live_…`.' },
      'apiKey',
    )
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: 'Set by `POST /admin/session`.' }, 'adminSession')
    .build();
  const full = addResponseExamples(
    applyConventions(
      SwaggerModule.createDocument(app, config, {
        operationIdFactory: (_controllerKey, methodKey) => methodKey,
      }),
    ),
  );
  return documentFor(full, audience);
}
