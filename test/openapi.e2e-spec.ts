import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import request from 'supertest';
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

  it('lists exactly the routes the app serves, as the checked-in openapi.yaml does', async () => {
    const served = (await request(testApp.app.getHttpServer()).get('/docs/openapi.json')).body as { paths: Paths };
    const checkedIn = load(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as { paths: Paths };
    expect(operations(checkedIn.paths)).toEqual(operations(served.paths));
    expect(operations(served.paths)).toEqual(expect.arrayContaining(['GET /healthz', 'GET /readyz']));
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
  type Operation = { operationId: string; parameters?: Parameter[] };
  type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[] };
  const spec = load(readFileSync(join(__dirname, '..', 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
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
      ['RollApiKeyDto', 'expiresInHours'],
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
    expect(numbers).toEqual([]);
  });
});
