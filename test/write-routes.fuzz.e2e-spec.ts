import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { load } from 'js-yaml';
import request from 'supertest';
import { SCOPES } from '../src/common/auth/scopes';
import { buildOpenApiDocument } from '../src/openapi/openapi-document';
import { createKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { REQUEST_ID } from './support/envelope';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';
import { WebhookReceiver } from './support/webhook-receiver';

type Schema = { $ref?: string; oneOf?: Schema[]; type?: string; properties?: Record<string, Schema>; required?: string[]; example?: unknown; enum?: unknown[]; items?: Schema };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

interface WriteRoute {
  method: 'post' | 'patch' | 'delete';
  template: string;
  schema?: Schema;
}

/** About 300 requests in all, spread evenly over the write routes. */
const TOTAL_RUNS = 300;
const MIN_RUNS_PER_ROUTE = 15;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const ERROR_TYPES = ['invalid_request', 'authentication', 'permission', 'idempotency', 'rate_limited'];

// ── what to send ──────────────────────────────────────────────────────────────

/** Strings over all of Unicode, with the pieces parsers and databases trip on mixed in. */
const nastyString = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
      fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('\u0000', '\uffff', '\ufeff', '\u2028', '\u{10ffff}', '\u{1f680}', 'é'.repeat(1000), 'x'.repeat(3000), '%00', '../', '{}'),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''));

/** Idempotency keys a client might send, valid or not (empty, too long); HTTP allows no more in a header. */
const printableKey = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 300 });

/** Any JSON value, strings and numbers included at their most awkward; mostly strings, as most fields are. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1, [], {}) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 5 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
);

/** JSON text fragments JSON.stringify never writes: huge literals, escaped lone surrogates and NUL, deep nesting. */
const rawLiteral = fc.oneof(
  fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890123456789', '0.0000000000000000000000000001', '"\\ud800"', '"\\udfff\\ud800"', '"a\\u0000b"'),
  fc.integer({ min: 20, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 20, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
);

function resolve(schema: Schema | undefined, components: Record<string, Schema>): Schema | undefined {
  // A body of several shapes (`oneOf`) is fuzzed from its first.
  if (schema?.oneOf) return resolve(schema.oneOf[0], components);
  return schema?.$ref ? components[schema.$ref.split('/').pop()!] : schema;
}

/** A value the schema accepts, from its example or enum where it has one: the base that one field's fuzz departs from. */
function plausible(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'array') return schema.items ? [plausible(schema.items)] : [];
  if (schema.type === 'object') return {};
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  return 'text';
}

/** Bodies for a route, as JSON text: its own fields (plausible, then one or more made nasty), strangers, or no object at all. */
function bodies(route: WriteRoute): fc.Arbitrary<string> {
  const properties = route.schema?.properties ?? {};
  const names = Object.keys(properties);
  const base = Object.fromEntries((route.schema?.required ?? []).map((name) => [name, plausible(properties[name])]));
  const field = names.length > 0 ? fc.constantFrom(...names) : nastyString;
  const withNastyFields = fc
    .dictionary(field, nastyValue, { minKeys: 1, maxKeys: 2 })
    .map((fields) => JSON.stringify({ ...base, ...fields }));
  const withRawField = fc
    .tuple(field, rawLiteral)
    .map(([name, literal]) => `{${Object.entries(base).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)},`).join('')}${JSON.stringify(name)}:${literal}}`);
  const anything = fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value));
  return fc.oneof(
    { weight: 5, arbitrary: withNastyFields },
    { weight: 2, arbitrary: withRawField },
    { weight: 1, arbitrary: anything },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(base)) },
  );
}

/** Percent-encodes every byte but the unreserved ones (encodeURIComponent throws on lone surrogates). */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`)).join('');

/** Path segments: any text, or bytes a decoder refuses (invalid UTF-8, a truncated escape). */
const nastySegment = fc.oneof(nastyString.map(percentEncoded), fc.constantFrom('%ED%A0%80', '%C0%AF', '%E0%A4%A', '%', '%00', '..', '.', 'cus_%00'));

/** Path parameters: the real object of the fixture set, or anything at all. */
function pathFor(template: string, fixtures: Record<string, string>): fc.Arbitrary<string> {
  const segments = template.split('/');
  return fc
    .tuple(
      ...segments.map((segment, index) => {
        if (!segment.startsWith('{')) return fc.constant(segment);
        const real = fixtures[segments[index - 1]];
        return real ? fc.oneof({ weight: 4, arbitrary: fc.constant(real) }, { weight: 1, arbitrary: nastySegment }) : nastySegment;
      }),
    )
    .map((parts) => parts.join('/'));
}

// ── the suite ─────────────────────────────────────────────────────────────────

/**
 * Arbitrary JSON and strings (all Unicode planes, lone surrogates, NUL, huge
 * numbers, deep nesting) posted to every write route under /api/v1, found in
 * the app's own OpenAPI document so that a new route is covered without
 * editing this file: never a 5xx, and every error is the §5 envelope.
 * Reproduce a failure with FUZZ_SEED=<the seed it prints>.
 */
describe('every /api/v1 write route under fuzzing (DESIGN.md §5)', () => {
  let testApp: TestApp;
  let receiver: WebhookReceiver;
  let api: ApiClient;
  let secret: string;
  let routes: WriteRoute[];
  let databaseUrl: string | undefined;

  // On a database of its own: the hundreds of objects and events made here stay out of other suites' webhook endpoints.
  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'fuzz');
    testApp = await createTestApp({ databaseUrl });
    receiver = await WebhookReceiver.start();
    const key = await createKey(testApp.app, { scopes: [...SCOPES] });
    secret = key.secret;
    api = apiAs(testApp.app, key);
    // The routes come from the running app, so a new one is fuzzed even before openapi.yaml lists it. Its
    // schemas come from openapi.yaml: under jest the swagger CLI plugin does not run, so the live document
    // knows only explicitly decorated properties (test/openapi.e2e-spec.ts keeps the two in step).
    const served = buildOpenApiDocument(testApp.app) as unknown as Document;
    const checkedIn = load(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as Document;
    routes = Object.entries(served.paths)
      .filter(([template]) => template.startsWith('/api/v1/'))
      .flatMap(([template, operations]) =>
        (['post', 'patch', 'delete'] as const)
          .filter((method) => operations[method])
          .map((method) => ({
            method,
            template,
            schema: resolve(checkedIn.paths[template]?.[method]?.requestBody?.content?.['application/json']?.schema, checkedIn.components.schemas),
          })),
      );
  });
  afterAll(async () => {
    await testApp?.close();
    await receiver?.stop();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  /** One live object of each kind, made afresh for each route since action routes use them up. */
  async function freshFixtures(): Promise<Record<string, string>> {
    const customer = (await api.post('/api/v1/customers', { name: 'Fuzz' }).expect(201)).body.id as string;
    const link = (await api.post('/api/v1/payment_links', { name: 'Fuzz', amount: '1.00', currency: 'USDC' }).expect(201)).body.id as string;
    const session = (await api.post('/api/v1/checkout_sessions', { amount: '1.00', currency: 'USDC' }).expect(201)).body.id as string;
    const endpoint = (await api.post('/api/v1/webhook_endpoints', { url: receiver.url, enabledEvents: ['webhook_endpoint.test'] }).expect(201)).body
      .id as string;
    await api.post(`/api/v1/webhook_endpoints/${endpoint}/test`).expect(200);
    const deliveries = (await api.get(`/api/v1/webhook_endpoints/${endpoint}/deliveries`).expect(200)).body.data as { id: string }[];
    return { customers: customer, payment_links: link, checkout_sessions: session, webhook_endpoints: endpoint, deliveries: deliveries[0].id };
  }

  it('finds the write routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes.map((route) => `${route.method} ${route.template}`)).toEqual(
      expect.arrayContaining(['post /api/v1/customers', 'patch /api/v1/payment_links/{id}', 'delete /api/v1/webhook_endpoints/{id}']),
    );
  });

  it('never answers a 5xx, and answers every error with the §5 envelope', async () => {
    const runsPerRoute = Math.max(MIN_RUNS_PER_ROUTE, Math.ceil(TOTAL_RUNS / routes.length));
    const http = request(testApp.app.getHttpServer());
    for (const [index, route] of routes.entries()) {
      const fixtures = await freshFixtures();
      const idempotencyKey = fc.option(fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: printableKey }));
      const property = fc.asyncProperty(pathFor(route.template, fixtures), bodies(route), idempotencyKey, async (path, body, key) => {
        let call = http[route.method](path).set('Authorization', `Bearer ${secret}`).set('Content-Type', 'application/json');
        if (key !== null) call = call.set('Idempotency-Key', key);
        const response = await call.send(body);
        const what = `${route.method.toUpperCase()} ${path} ${body.slice(0, 200)} → ${response.status} ${response.text.slice(0, 300)}`;
        if (response.status >= 500) throw new Error(`a ${response.status}: ${what}`);
        expect(response.headers['request-id']).toMatch(REQUEST_ID);
        if (response.status >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/json/);
          const error = (response.body as { error?: Record<string, unknown> }).error;
          if (!error || !ERROR_TYPES.includes(error.type as string) || typeof error.code !== 'string' || typeof error.message !== 'string' || error.requestId !== response.headers['request-id']) {
            throw new Error(`not the §5 envelope: ${what}`);
          }
          if (response.status === 400 && error.type !== 'invalid_request') throw new Error(`a 400 of type ${String(error.type)}: ${what}`);
        }
      });
      const details = await fc.check(property, { numRuns: runsPerRoute, seed: SEED + index, endOnFailure: true });
      if (details.failed) {
        throw new Error(`${route.method.toUpperCase()} ${route.template} failed (FUZZ_SEED=${SEED}): ${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}`);
      }
    }
  });
});
