import type { OpenAPIObject } from '@nestjs/swagger';
import { isPublicApiPath } from '../common/auth/public-api-path';
import type { ApiError } from '../common/errors/api-error';
import { publicApiErrorSamples } from './error-catalogue';
import { notFoundDescription, shortSummary, successDescription } from './operation-texts';

type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: unknown[];
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
  'x-required-scope'?: string;
};

const ENVELOPE = { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorEnvelope' } } };
const MUTATING = new Set(['post', 'patch', 'delete']);
const EXAMPLE_REQUEST_ID = 'req_01jdqvtsjxf2nbrexx3vqjhp41';

const HEADERS = {
  'Request-Id': { description: 'The id of this request (`req_…`), also in every error body and log line.', schema: { type: 'string' }, required: true },
  'RateLimit-Limit': { description: "Requests per second allowed for the calling key's mode.", schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current one-second window.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying; always sent with this status.', schema: { type: 'integer' }, required: true },
  'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.', schema: { type: 'string', enum: ['true'] } },
  'Idempotent-Replay-Omitted': {
    description:
      'On a replay only: the body fields (comma-separated paths, e.g. `secret`) that held a secret shown once. It was never stored, so the replay has `null` there.',
    schema: { type: 'string' },
  },
};

const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** Error answers every `/api/v1` operation can give beyond those its controller declares. */
function publicApiErrors(mutating: boolean): Operation['responses'] {
  return {
    '429': { description: 'Rate limit exceeded.', content: ENVELOPE },
    '500': { description: 'Unexpected error; details are in the log under the request id.', content: ENVELOPE },
    '503': { description: 'The database cannot be reached.', content: ENVELOPE },
    ...(mutating
      ? {
          '409': { description: 'A request with this `Idempotency-Key` is still running.', content: ENVELOPE },
          '422': { description: 'This `Idempotency-Key` was used for a different request.', content: ENVELOPE },
        }
      : {}),
  };
}

/**
 * An error answer as sent: the `code`s it can carry (listed, with one example
 * envelope each) and `Retry-After` as the codes send it — required when all
 * do (429), optional and named when some do (409), absent when none do.
 */
function describeErrors(response: Operation['responses'][string], allSamples: ApiError[]): void {
  // One example per code (two 429s share `rate_limit_exceeded`).
  const samples = allSamples.filter((sample, index) => allSamples.findIndex((other) => other.code === sample.code) === index);
  if (samples.length === 0) return;
  const codes = samples.map((sample) => `\`${sample.code}\``);
  response.description = `${response.description.trim()}\n\n\`code\`: ${codes.join(', ')}.`;
  response.content = {
    'application/json': {
      schema: ENVELOPE['application/json'].schema,
      examples: Object.fromEntries(samples.map((sample) => [sample.code, { summary: sample.code, value: sample.toEnvelope(EXAMPLE_REQUEST_ID) }])),
    },
  };
  const retrying = samples.filter((sample) => 'Retry-After' in sample.headers).map((sample) => `\`${sample.code}\``);
  const headers = { ...response.headers };
  delete headers['Retry-After'];
  if (retrying.length === samples.length) headers['Retry-After'] = ref('Retry-After');
  else if (retrying.length > 0) {
    headers['Retry-After'] = { description: `Seconds to wait before retrying; sent with ${retrying.join(', ')} only.`, schema: { type: 'integer' } };
  }
  response.headers = headers;
}

/**
 * What holds for every operation but is not declared on each handler: the
 * headers every response carries, the error answers of the global filter,
 * throttler and idempotency layer, the `Idempotency-Key` parameter, the
 * scope in words, and an explicit empty `security` on public routes. Applied
 * to the generated document, deterministically, like immich's patchOpenAPI.
 */
export function applyConventions(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    headers: { ...document.components?.headers, ...HEADERS },
    parameters: {
      ...document.components?.parameters,
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes the request safe to retry for 24 hours: 1–255 printable ASCII characters, e.g. a UUID (DESIGN.md §7).',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      operation.security ??= [];
      const publicApi = isPublicApiPath(path);
      const mutating = MUTATING.has(method);
      // A short sidebar label; the longer text the plugin took from the handler's comment becomes the description.
      if (operation.summary) operation.description = operation.description ? `${operation.summary}\n\n${operation.description}` : operation.summary;
      operation.summary = shortSummary(operation.operationId);
      const declared = Object.fromEntries(Object.entries(operation.responses).map(([status, response]) => [status, response.description ?? '']));
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status.startsWith('2') && !response.description) response.description = successDescription(operation.operationId);
        if (status === '404' && !response.description) response.description = notFoundDescription(path, publicApi);
      }
      // Any status not listed is still the §5 envelope: a client can always parse an error.
      operation.responses = { default: { description: 'Any other error, as the §5 envelope.', content: ENVELOPE }, ...operation.responses };
      if (publicApi) {
        operation.responses = { ...publicApiErrors(mutating), ...operation.responses };
        const scope = operation['x-required-scope'];
        const requirement = scope === 'none' ? 'Any valid API key may call this; no scope is needed.' : `Requires the \`${scope}\` scope.`;
        operation.description = operation.description ? `${operation.description}\n\n${requirement}` : requirement;
        if (mutating) operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
        for (const [status, response] of Object.entries(operation.responses)) {
          describeErrors(response, publicApiErrorSamples(status, { mutating, scope, declared }));
        }
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        response.headers = {
          'Request-Id': ref('Request-Id'),
          ...(publicApi ? { 'RateLimit-Limit': ref('RateLimit-Limit'), 'RateLimit-Remaining': ref('RateLimit-Remaining'), 'RateLimit-Reset': ref('RateLimit-Reset') } : {}),
          ...(publicApi && mutating && status.startsWith('2')
            ? { 'Idempotent-Replayed': ref('Idempotent-Replayed'), 'Idempotent-Replay-Omitted': ref('Idempotent-Replay-Omitted') }
            : {}),
          ...response.headers,
        };
      }
    }
  }
  return document;
}
