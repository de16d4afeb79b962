import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
};

const EXAMPLE_TIME = '2026-11-26T12:00:00.000Z';

/** A value the schema accepts, from the examples and enums the DTOs declare. */
function exampleOf(schema: Schema, schemas: Record<string, Schema>, seen: Set<string>): unknown {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return undefined;
    return exampleOf(schemas[name], schemas, new Set([...seen, name]));
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.oneOf) return exampleOf(schema.oneOf[0], schemas, seen);
  if (schema.allOf) return exampleOf(schema.allOf[0], schemas, seen);
  if (schema.nullable && schema.type !== 'object' && schema.type !== 'array') return null;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .map(([name, property]) => [name, exampleOf(property, schemas, seen)])
          .filter(([, value]) => value !== undefined),
      );
    case 'array':
      return schema.items ? [exampleOf(schema.items, schemas, seen)].filter((value) => value !== undefined) : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'date-time' ? EXAMPLE_TIME : 'string';
    default:
      return undefined;
  }
}

/**
 * Gives every schema a 2xx answer refers to one `example` object, assembled
 * from its properties' examples, so Redoc and generated docs show a whole
 * object rather than a field list (test/openapi.e2e-spec.ts validates each).
 */
export function addResponseExamples(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const answered = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (status.startsWith('2') && ref) answered.add(ref.split('/').pop()!);
      }
    }
  }
  for (const name of answered) schemas[name].example = exampleOf({ ...schemas[name], example: undefined }, schemas, new Set([name]));
  return document;
}
