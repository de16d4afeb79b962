import { isDatabaseUnavailable } from './database-unavailable';

function errorWithCode(code: string, message = 'database error'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'])(
    'is true for the network error code %s',
    (code) => {
      expect(isDatabaseUnavailable(errorWithCode(code))).toBe(true);
    },
  );

  it.each(['57P01', '57P02', '57P03', '53300'])('is true for the server-availability SQLSTATE %s', (code) => {
    expect(isDatabaseUnavailable(errorWithCode(code))).toBe(true);
  });

  it.each(['08006', '08001', '08003'])('is true for the connection-exception SQLSTATE %s', (code) => {
    expect(isDatabaseUnavailable(errorWithCode(code))).toBe(true);
  });

  it.each(['42P01', '23505', '22P02', '40001', 'EACCES'])('is false for the query-level code %s', (code) => {
    expect(isDatabaseUnavailable(errorWithCode(code))).toBe(false);
  });

  it('ignores a code that is not a string', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 8006 }))).toBe(false);
  });

  it.each([
    'Connection terminated unexpectedly',
    'connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'Connection is not established with postgres database',
    'Driver not Connected',
  ])('is true for the pool message %p', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  it('is false for an ordinary Error', () => {
    expect(isDatabaseUnavailable(new Error('duplicate key value violates unique constraint'))).toBe(false);
  });

  it('looks inside a TypeORM driverError', () => {
    const wrapped = Object.assign(new Error('query failed'), { driverError: errorWithCode('57P01') });

    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('is false when the driverError is a query-level failure', () => {
    const wrapped = Object.assign(new Error('query failed'), { driverError: errorWithCode('42P01') });

    expect(isDatabaseUnavailable(wrapped)).toBe(false);
  });

  it('looks inside a nested cause', () => {
    const error = new Error('could not load customer', { cause: errorWithCode('08006') });

    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('looks inside the errors of an AggregateError', () => {
    const error = new AggregateError([new Error('other'), errorWithCode('ECONNREFUSED')], 'all attempts failed');

    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('follows causes up to three levels deep but no further', () => {
    const nest = (inner: Error, levels: number): Error =>
      levels === 0 ? inner : new Error(`level ${levels}`, { cause: nest(inner, levels - 1) });

    expect(isDatabaseUnavailable(nest(errorWithCode('ECONNREFUSED'), 3))).toBe(true);
    expect(isDatabaseUnavailable(nest(errorWithCode('ECONNREFUSED'), 4))).toBe(false);
  });

  it.each([undefined, null, 'Connection terminated unexpectedly', 'ECONNREFUSED', 42, true])(
    'is false for the non-object value %p',
    (value) => {
      expect(isDatabaseUnavailable(value)).toBe(false);
    },
  );

  it('recognises an error-shaped object that is not an Error instance', () => {
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'Connection terminated unexpectedly' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: { code: '08006' } }))).toBe(true);
  });

  it('is false for an error-shaped object with a query-level code', () => {
    expect(isDatabaseUnavailable({ code: '42P01', message: 'relation "x" does not exist' })).toBe(false);
    expect(isDatabaseUnavailable({})).toBe(false);
  });
});
