import { APIPromise, responseMetadata, WithResponse } from './api-promise.js';

const answer = <T>(data: T): WithResponse<T> => ({ data, ...responseMetadata({ status: 200, headers: new Headers() }) });

describe('APIPromise', () => {
  it('is a real Promise whose value is the data: then, catch, finally, await, Promise.all', async () => {
    const promise = new APIPromise(async () => answer({ id: 'cus_1' }));
    expect(promise).toBeInstanceOf(Promise);
    expect(await promise).toEqual({ id: 'cus_1' });
    expect(await promise.then((c) => c.id)).toBe('cus_1');
    let finallyRan = false;
    expect(await promise.finally(() => (finallyRan = true))).toEqual({ id: 'cus_1' });
    expect(finallyRan).toBe(true);
    expect(await Promise.all([promise, Promise.resolve(2)])).toEqual([{ id: 'cus_1' }, 2]);
    // What callers derive is a plain Promise, never an APIPromise built by species.
    expect(promise.then(() => 1)).not.toBeInstanceOf(APIPromise);
  });

  it('sends once, at construction, however it is consumed', async () => {
    let sent = 0;
    const promise = new APIPromise(async () => {
      sent++;
      return answer('x');
    });
    expect(sent).toBe(1);
    await promise;
    await promise.withResponse();
    await promise.catch(() => undefined);
    expect(sent).toBe(1);
  });

  it('defers the call until first used when lazy', async () => {
    let sent = 0;
    const promise = new APIPromise(
      async () => {
        sent++;
        return answer('x');
      },
      { lazy: true },
    );
    expect(sent).toBe(0);
    await promise;
    expect(sent).toBe(1);
  });

  it('rejects through then, catch, finally and withResponse alike', async () => {
    const failure = new Error('boom');
    const promise = new APIPromise<string>(() => Promise.reject(failure));
    await expect(promise).rejects.toBe(failure);
    await expect(promise.withResponse()).rejects.toBe(failure);
    expect(await promise.catch((error: unknown) => error)).toBe(failure);
    await expect(promise.finally(() => undefined)).rejects.toBe(failure);
  });
});

describe('responseMetadata', () => {
  it('reads the request id, the replay flag and the rate-limit headers', () => {
    const headers = new Headers({
      'Request-Id': 'req_1',
      'Idempotent-Replayed': 'true',
      'RateLimit-Limit': '25',
      'RateLimit-Remaining': '24',
      'RateLimit-Reset': '1',
    });
    expect(responseMetadata({ status: 201, headers })).toEqual({
      requestId: 'req_1',
      idempotentReplayed: true,
      rateLimit: { limit: 25, remaining: 24, reset: 1 },
      status: 201,
      headers,
    });
  });

  it('has no rateLimit unless all three headers are whole numbers, and no replay unless the header says true', () => {
    const partial = responseMetadata({ status: 200, headers: new Headers({ 'RateLimit-Limit': '25', 'RateLimit-Remaining': '24' }) });
    expect(partial).toMatchObject({ requestId: undefined, idempotentReplayed: false, rateLimit: undefined });
    const odd = responseMetadata({
      status: 200,
      headers: new Headers({ 'RateLimit-Limit': '25', 'RateLimit-Remaining': 'lots', 'RateLimit-Reset': '1', 'Idempotent-Replayed': 'false' }),
    });
    expect(odd).toMatchObject({ idempotentReplayed: false, rateLimit: undefined });
  });
});
