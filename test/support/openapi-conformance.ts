import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { load } from 'js-yaml';

type Schema = Record<string, unknown>;
type HeaderSpec = { required?: boolean } | { $ref: string };
type ResponseSpec = { headers?: Record<string, HeaderSpec>; content?: Record<string, { schema?: Schema }> };
type OperationSpec = { responses: Record<string, ResponseSpec> };
interface Spec {
  paths: Record<string, Record<string, OperationSpec>>;
  components: { headers: Record<string, { required?: boolean }> } & Record<string, unknown>;
}

const read = (file: string) => load(readFileSync(join(__dirname, '..', '..', file), 'utf8')) as Spec & { components: { schemas: Record<string, Schema> } };
/** Both documents: the public API (`openapi.yaml`) and the admin routes (`openapi-admin.yaml`), cut from one whole. */
const [publicApi, admin] = [read('openapi.yaml'), read('openapi-admin.yaml')];
const spec: Spec = {
  paths: { ...publicApi.paths, ...admin.paths },
  components: { ...admin.components, ...publicApi.components, schemas: { ...admin.components.schemas, ...publicApi.components.schemas } },
};
/**
 * `nullable: true` beside `allOf: [$ref]` (how @nestjs/swagger writes `Dto | null`) means "that
 * object, or null" to the tools that read the spec (openapi-typescript, Redoc); Ajv applies
 * `nullable` to `type` alone and would still check null against the `$ref`. Said as Ajv reads it.
 */
function nullableRefsAsAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefsAsAnyOf);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, nullableRefsAsAnyOf(value)])) as Schema;
  if (entries.nullable !== true || !Array.isArray(entries.allOf)) return entries;
  const { nullable: _nullable, type: _type, ...schema } = entries;
  return { anyOf: [{ type: 'null' }, schema] };
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: nullableRefsAsAnyOf(spec.components) });
const validators = new Map<Schema, ValidateFunction>();

/** Path templates as regular expressions, most specific (fewest parameters) first. */
const routes = Object.keys(spec.paths)
  .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (template.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

function validatorFor(schema: Schema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(nullableRefsAsAnyOf(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'))) as Schema);
    validators.set(schema, validate);
  }
  return validate;
}

function requiredHeaders(response: ResponseSpec): string[] {
  return Object.entries(response.headers ?? {})
    .filter(([, header]) => ('$ref' in header ? spec.components.headers[header.$ref.split('/').pop()!]?.required : header.required) === true)
    .map(([name]) => name.toLowerCase());
}

/** Problems with one response against `openapi.yaml` (or `openapi-admin.yaml`); none for a route the spec does not describe (test probes). */
export function conformanceProblems(method: string, path: string, status: number, headers: Record<string, unknown>, body: string): string[] {
  const route = routes.find(({ pattern }) => pattern.test(path));
  const operation = route && spec.paths[route.template][method.toLowerCase()];
  if (!route || !operation) return [];
  const where = `${method} ${route.template} → ${status}`;
  const response = operation.responses[String(status)] ?? operation.responses.default;
  if (!response) return [`${where}: status not documented`];
  const problems = requiredHeaders(response)
    .filter((name) => headers[name] === undefined)
    .map((name) => `${where}: missing header ${name}`);
  const schema = response.content?.['application/json']?.schema;
  if (schema && body) {
    const validate = validatorFor(schema);
    if (!validate(JSON.parse(body))) problems.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors)}`);
  }
  return problems;
}

/**
 * Express middleware for the e2e test app: checks every response against
 * `openapi.yaml` (status, required headers, JSON body schema) and records
 * the problems; `TestApp.close()` fails the suite if there are any. So a
 * change that makes the code and the spec disagree fails the tests.
 */
export function checkConformance(problems: string[]) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const chunks: Buffer[] = [];
    const write = response.write.bind(response);
    const end = response.end.bind(response);
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.from(chunk as string));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
      return (end as (...args: unknown[]) => Response)(chunk, ...rest);
    }) as typeof response.end;
    response.on('finish', () => {
      const isJson = String(response.getHeader('content-type') ?? '').includes('application/json');
      problems.push(
        ...conformanceProblems(request.method, request.path, response.statusCode, response.getHeaders(), isJson ? Buffer.concat(chunks).toString('utf8') : ''),
      );
    });
    next();
  };
}
