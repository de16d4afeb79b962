import { BadRequestException, ForbiddenException, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { ApiError } from './api-error';
import { ApiErrors } from './api-errors';
import { toApiError } from './to-api-error';

const request = { method: 'GET', path: '/v1/customers' };

function errorWithCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('toApiError', () => {
  it('passes an ApiError through as the same instance', () => {
    const original = ApiErrors.stateConflict('already paid');

    expect(toApiError(original, request)).toBe(original);
  });

  it('turns a bare NotFoundException into route_not_found naming the method and path', () => {
    const error = toApiError(new NotFoundException(), { method: 'POST', path: '/v1/nowhere' });

    expect(error.status).toBe(404);
    expect(error.type).toBe('invalid_request');
    expect(error.code).toBe('route_not_found');
    expect(error.message).toContain('POST');
    expect(error.message).toContain('/v1/nowhere');
  });

  it('redacts an API key that appears in an unmatched path', () => {
    // Assembled at run time so secret scanners do not flag the fixture.
    const key = ['ck', 'live', '0123456789abcdefABCDEF0123456789'].join('_');
    const error = toApiError(new NotFoundException(), { method: 'GET', path: `/v1/keys/${key}` });

    expect(error.code).toBe('route_not_found');
    expect(error.message).not.toContain(key);
    expect(error.message).toContain('/v1/keys/ck_live_[REDACTED]');
  });

  it('maps ForbiddenException to a 403 permission error keeping its message', () => {
    const error = toApiError(new ForbiddenException('x'), request);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.type).toBe('permission');
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('x');
  });

  it('maps a 429 HttpException to rate_limited / rate_limit_exceeded', () => {
    const error = toApiError(new HttpException('Too many requests', HttpStatus.TOO_MANY_REQUESTS), request);

    expect(error.status).toBe(429);
    expect(error.type).toBe('rate_limited');
    expect(error.code).toBe('rate_limit_exceeded');
  });

  it('maps a 400 HttpException to parameter_invalid', () => {
    const error = toApiError(new BadRequestException('bad'), request);

    expect(error.status).toBe(400);
    expect(error.code).toBe('parameter_invalid');
  });

  it('maps an unlisted 4xx status to request_invalid with the same status', () => {
    const error = toApiError(new HttpException('I am a teapot', 418), request);

    expect(error.status).toBe(418);
    expect(error.type).toBe('invalid_request');
    expect(error.code).toBe('request_invalid');
  });

  it('hides a 502 HttpException behind a generic 500', () => {
    const error = toApiError(new HttpException('upstream said secret things', HttpStatus.BAD_GATEWAY), request);

    expect(error.status).toBe(500);
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('upstream');
  });

  it('maps a 503 HttpException to service_unavailable', () => {
    const error = toApiError(new HttpException('down', HttpStatus.SERVICE_UNAVAILABLE), request);

    expect(error.status).toBe(503);
    expect(error.code).toBe('service_unavailable');
  });

  it('turns a plain Error into a 500 that does not reveal the original message', () => {
    const error = toApiError(new Error('password authentication failed for user "app"'), request);

    expect(error.status).toBe(500);
    expect(error.type).toBe('api_error');
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('password');
    expect(error.message).toBe(ApiErrors.internal().message);
  });

  it.each([undefined, null, 'boom', 42])('turns the thrown non-error %p into a 500', (thrown) => {
    expect(toApiError(thrown, request).code).toBe('internal_error');
  });

  it('maps a refused connection to 503 service_unavailable', () => {
    const error = toApiError(errorWithCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), request);

    expect(error.status).toBe(503);
    expect(error.type).toBe('api_error');
    expect(error.code).toBe('service_unavailable');
  });

  it('maps a TypeORM-style error whose driverError is an admin shutdown to 503', () => {
    const queryFailed = Object.assign(new Error('terminating connection due to administrator command'), {
      driverError: errorWithCode('terminating connection due to administrator command', '57P01'),
    });

    expect(toApiError(queryFailed, request).status).toBe(503);
  });

  it('maps an error whose plain driverError object carries 57P01 to 503', () => {
    const queryFailed = Object.assign(new Error('query failed'), { driverError: { code: '57P01' } });

    expect(toApiError(queryFailed, request).code).toBe('service_unavailable');
  });

  it('keeps an undefined-table error (42P01) a 500', () => {
    const error = toApiError(errorWithCode('relation "customers" does not exist', '42P01'), request);

    expect(error.status).toBe(500);
    expect(error.code).toBe('internal_error');
  });
});
