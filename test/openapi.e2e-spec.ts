import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import request from 'supertest';
import { EVENT_TYPES } from '../src/events/event-types';
import { createKey } from './factories/api-keys';
import { apiAs } from './support/api-client';
import { createTestApp, TestApp } from './support/test-app';

type Paths = Record<string, Record<string, unknown>>;

function operations(paths: Paths): string[] {
  return Object.entries(paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('the OpenAPI document', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('is served with Swagger UI at /docs', async () => {
    const http = request(testApp.app.getHttpServer());
    const ui = await http.get('/docs').expect(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const spec = await http.get('/docs/openapi.json').expect(200);
    expect(spec.body.info.title).toBe('Crypto Checkout API');
  });

  it('lists exactly the routes the app serves: the public ones in openapi.yaml, the admin (cookie) ones in openapi-admin.yaml', async () => {
    const http = request(testApp.app.getHttpServer());
    const served = (await http.get('/docs/openapi.json').expect(200)).body as { paths: Paths; servers: { url: string }[] };
    const servedAdmin = (await http.get('/docs/admin/openapi.json').expect(200)).body as { paths: Paths };
    const checkedIn = (file: string) => load(readFileSync(join(__dirname, '..', file), 'utf8')) as { paths: Paths };
    expect(operations(checkedIn('openapi.yaml').paths)).toEqual(operations(served.paths));
    expect(operations(checkedIn('openapi-admin.yaml').paths)).toEqual(operations(servedAdmin.paths));
    expect(operations(served.paths)).toEqual(expect.arrayContaining(['GET /healthz', 'GET /readyz', 'GET /api/v1/customers']));
    expect(operations(served.paths).filter((operation) => operation.includes(' /admin/'))).toEqual([]);
    expect(operations(servedAdmin.paths)).toEqual(expect.arrayContaining(['POST /admin/session', 'GET /admin/api_keys']));
    expect(operations(servedAdmin.paths).every((operation) => operation.includes(' /admin/'))).toBe(true);
    // Swagger UI's "Try it out" calls the deployment serving it.
    expect(served.servers[0].url).toBe('/');
  });

  it('types the checkout session body as oneOf (amount + currency | paymentLink), and its default example opens a session', async () => {
    type Body = { content: { 'application/json': { schema: { oneOf: { $ref: string }[] }; examples: Record<string, { value: object }> } } };
    // The checked-in document: the swagger plugin (which reads `required` from the DTOs) runs in `nest build`, not under jest.
    const spec = load(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, { requestBody: Body }>>;
      components: { schemas: Record<string, { required: string[] }> };
    };
    const body = spec.paths['/api/v1/checkout_sessions'].post.requestBody.content['application/json'];
    const variants = body.schema.oneOf.map(({ $ref }) => spec.components.schemas[$ref.split('/').pop()!].required.sort());
    expect(variants).toEqual([['amount', 'currency'], ['paymentLink']]);
    // Swagger UI's "Try it out" starts from the first example.
    const [first] = Object.values(body.examples);
    const api = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: ['sessions:write'] }));
    const created = await api.post('/api/v1/checkout_sessions', first.value);
    expect({ status: created.status, object: created.body.object }).toEqual({ status: 201, object: 'checkout_session' });
  });

  it('gives every operation its own operationId, as OpenAPI requires (generated SDK types key on it)', () => {
    const checkedIn = load(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(checkedIn.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/** What code generators read in the checked-in document (issue 15 §1). */
describe('openapi.yaml, as generators read it', () => {
  type Parameter = { name: string; in: string; required?: boolean; schema?: { type?: string } };
  type Header = { $ref?: string; required?: boolean; description?: string };
  type Response = {
    description: string;
    headers?: Record<string, Header>;
    content?: { 'application/json'?: { examples?: Record<string, { value: { error: { code: string; type: string } } }> } };
  };
  type Operation = { operationId: string; summary?: string; parameters?: Parameter[]; responses: Record<string, Response> };
  type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[] };
  const spec = load(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; headers: Record<string, Header> };
  };
  const all = Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  const publicOperations = all.filter(({ path }) => path.startsWith('/api/v1/'));
  const retryAfterRequired = (header: Header | undefined) =>
    header === undefined ? undefined : header.$ref ? spec.components.headers[header.$ref.split('/').pop()!].required === true : header.required === true;
  const exampleCodes = (response: Response) => Object.values(response.content?.['application/json']?.examples ?? {}).map((example) => example.value.error.code);
  const listOperations = Object.values(spec.paths)
    .flatMap((methods) => Object.values(methods))
    .filter((operation) => operation.parameters?.some((parameter) => parameter.name === 'limit'));

  it('makes `limit` an optional integer on every list operation', () => {
    expect(listOperations.map((operation) => operation.operationId)).toEqual(expect.arrayContaining(['listCustomers', 'listEvents', 'listWebhookDeliveries']));
    for (const operation of listOperations) {
      const limit = operation.parameters!.find((parameter) => parameter.name === 'limit')!;
      expect({ operation: operation.operationId, required: limit.required, type: limit.schema?.type }).toEqual({
        operation: operation.operationId,
        required: false,
        type: 'integer',
      });
    }
  });

  it('types whole counts as integers', () => {
    const property = (schema: string, name: string) => spec.components.schemas[schema].properties![name].type;
    const counts: Array<[string, string]> = [
      ['DeliveryAttemptResponse', 'attempt'],
      ['DeliveryAttemptResponse', 'durationMs'],
      ['DeliveryAttemptResponse', 'responseStatus'],
      ['SessionPaymentResponse', 'blockNumber'],
      ['SessionPaymentResponse', 'confirmations'],
      ['SessionPaymentResponse', 'logIndex'],
      ['SessionNetworkResponse', 'chainId'],
      ['SessionNetworkResponse', 'decimals'],
      ['ChainStatus', 'head'],
      ['ChainStatus', 'lag'],
    ];
    expect(counts.map(([schema, name]) => `${schema}.${name}: ${property(schema, name)}`)).toEqual(
      counts.map(([schema, name]) => `${schema}.${name}: integer`),
    );
    const numbers: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      if ((node as Schema).type === 'number') numbers.push(at);
      for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
    };
    walk(spec, '');
    walk(load(readFileSync(join(__dirname, '..', 'openapi-admin.yaml'), 'utf8')), 'admin');
    expect(numbers).toEqual([]);
  });

  it('declares Retry-After as sent: required on every 429; on a 409 only for `idempotency_request_in_progress`, optional where `state_conflict` may answer too', () => {
    for (const { operation } of publicOperations) {
      expect(retryAfterRequired(operation.responses['429'].headers?.['Retry-After'])).toBe(true);
      const conflict = operation.responses['409'];
      if (!conflict) continue;
      const inProgress = exampleCodes(conflict).includes('idempotency_request_in_progress');
      const stateConflict = exampleCodes(conflict).includes('state_conflict');
      // `idempotency_request_in_progress` sends it, `state_conflict` does not.
      const expected = inProgress ? !stateConflict : undefined;
      expect({ op: operation.operationId, retryAfter: retryAfterRequired(conflict.headers?.['Retry-After']) }).toEqual({ op: operation.operationId, retryAfter: expected });
    }
    const expire = spec.paths['/api/v1/checkout_sessions/{id}/expire'].post.responses['409'];
    expect(exampleCodes(expire).sort()).toEqual(['idempotency_request_in_progress', 'state_conflict']);
    expect(expire.headers!['Retry-After'].description).toContain('`idempotency_request_in_progress` only');
  });

  it('describes every response and labels every operation with a short summary', () => {
    const blank = all.flatMap(({ path, method, operation }) =>
      Object.entries(operation.responses)
        .filter(([, response]) => !response.description?.trim())
        .map(([status]) => `${method} ${path} ${status}`),
    );
    expect(blank).toEqual([]);
    expect(all.filter(({ operation }) => !operation.summary || operation.summary.length > 40 || operation.summary.includes('\n'))).toEqual([]);
    expect(spec.paths['/api/v1/customers'].get.summary).toBe('List customers');
  });

  it('gives every public error status an example envelope per `code` it can carry, and lists the codes', () => {
    for (const { operation } of publicOperations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status === 'default' || status.startsWith('2')) continue;
        const codes = exampleCodes(response);
        expect({ op: operation.operationId, status, hasExamples: codes.length > 0 }).toEqual({ op: operation.operationId, status, hasExamples: true });
        for (const code of codes) expect(response.description).toContain(`\`${code}\``);
      }
    }
    const customer = spec.paths['/api/v1/customers/{id}'].get.responses;
    expect(exampleCodes(customer['401']).sort()).toEqual(['api_key_expired', 'api_key_revoked', 'invalid_api_key', 'missing_api_key']);
    expect(exampleCodes(customer['404'])).toEqual(['resource_missing']);
    expect(exampleCodes(customer['429'])).toEqual(['rate_limit_exceeded']);
    expect(exampleCodes(spec.paths['/api/v1/test_helpers/checkout_sessions/{id}/pay'].post.responses['403']).sort()).toEqual(['insufficient_scope', 'test_mode_only']);
  });

  it('generates, with a second generator (@hey-api/openapi-ts), a client that compiles and sees `limit` as optional', () => {
    const out = mkdtempSync(join(tmpdir(), 'openapi-generated-'));
    try {
      const check = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'openapi-generate-check.mjs'), '--out', out], { encoding: 'utf8' });
      expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
      const types = readFileSync(join(out, 'types.gen.ts'), 'utf8');
      const listCustomers = types.slice(types.indexOf('export type ListCustomersData'));
      expect(listCustomers.slice(0, listCustomers.indexOf('};\n\n'))).toMatch(/limit\?: number;/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('keeps the admin (cookie) routes, their types and their security scheme out of the public document, and has a `{baseUrl}` server', () => {
    type Whole = { paths: Record<string, unknown>; servers: { url: string; variables?: Record<string, { default: string }> }[]; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
    const publicApi = spec as unknown as Whole;
    const admin = load(readFileSync(join(__dirname, '..', 'openapi-admin.yaml'), 'utf8')) as Whole;
    expect(Object.keys(publicApi.paths).filter((path) => path.startsWith('/admin'))).toEqual([]);
    expect(Object.keys(publicApi.components.securitySchemes)).toEqual(['apiKey']);
    expect(Object.keys(publicApi.components.schemas)).not.toContain('ApiKeyResponse');
    expect(Object.keys(admin.paths).every((path) => path.startsWith('/admin/'))).toBe(true);
    expect(Object.keys(admin.components.securitySchemes)).toEqual(['adminSession']);
    expect(Object.keys(admin.components.schemas)).toContain('ApiKeyResponse');
    for (const document of [publicApi, admin]) {
      expect(document.servers).toEqual([expect.objectContaining({ url: '{baseUrl}', variables: { baseUrl: expect.objectContaining({ default: 'http://localhost:3000' }) } })]);
    }
  });

  it("types an event's `data.object` as oneOf the object schemas, discriminated by `object`, and documents each event type's payload", () => {
    type Property = { oneOf?: { $ref: string }[]; discriminator?: { propertyName: string; mapping: Record<string, string> }; description?: string };
    const object = spec.components.schemas.EventData.properties!.object as Property;
    expect(object.discriminator!.propertyName).toBe('object');
    const mapping = object.discriminator!.mapping;
    expect(object.oneOf!.map(({ $ref }) => $ref).sort()).toEqual(Object.values(mapping).sort());
    for (const [name, ref] of Object.entries(mapping)) {
      expect(spec.components.schemas[ref.split('/').pop()!].properties!.object).toEqual({ type: 'string', enum: [name] });
    }
    // Every event type's object is named by its prefix, and the `type` description says which schema that is.
    const described = (spec.components.schemas.EventResponse.properties!.type as Property).description!;
    for (const type of EVENT_TYPES) {
      const prefix = type.split('.')[0];
      expect(mapping[prefix]).toBeDefined();
      const line = described.split('\n').find((text) => text.includes(`\`${type}\``));
      expect(line).toContain(`\`${mapping[prefix].split('/').pop()}\``);
    }
  });

  it('gives every schema a success answer refers to one example object, which that schema accepts', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const file of ['openapi.yaml', 'openapi-admin.yaml']) {
      const document = load(readFileSync(join(__dirname, '..', file), 'utf8')) as typeof spec & { components: { schemas: Record<string, { example?: unknown }> } };
      ajv.addSchema({ $id: file, components: document.components });
      const answered = Object.values(document.paths)
        .flatMap((methods) => Object.values(methods))
        .flatMap((operation) => Object.entries(operation.responses as Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>))
        .filter(([status]) => status.startsWith('2'))
        .map(([, response]) => response.content?.['application/json']?.schema?.$ref)
        .filter((ref): ref is string => ref !== undefined);
      expect(answered.length).toBeGreaterThan(3);
      for (const ref of new Set(answered)) {
        const example = document.components.schemas[ref.split('/').pop()!].example;
        const validate = ajv.compile({ $ref: `${file}${ref}` });
        expect({ ref, example: example !== undefined, valid: validate(example), errors: ajv.errorsText(validate.errors) }).toEqual({ ref, example: true, valid: true, errors: 'No errors' });
      }
    }
    expect(spec.components.schemas.CustomerResponse).toMatchObject({ example: { object: 'customer', id: 'cus_01jdqvtsjxf2nbrexx3vqjhp41' } });
  });
});
