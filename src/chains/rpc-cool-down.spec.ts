import { createPublicClient, custom, fallback, HttpRequestError, RpcRequestError, TimeoutError, type Transport } from 'viem';
import { coolingDown, UrlCoolDown } from './rpc-cool-down';

/** A URL as a fallback sees it: answers block 1, or fails the way `failure` says; counts its requests. */
function url(failure?: () => Error) {
  const counter = { requests: 0 };
  const transport = custom({
    request: async () => {
      counter.requests += 1;
      if (failure) throw failure();
      return '0x1';
    },
  });
  return { counter, transport };
}

const timeout = () => new TimeoutError({ body: {}, url: 'http://rpc.invalid' });

function clientOver(transports: Transport[], clock: { now: number }) {
  const coolDown = new UrlCoolDown(transports.length, 30_000, () => clock.now);
  return createPublicClient({ transport: fallback(transports.map((transport, index) => coolingDown(transport, index, coolDown)), { retryCount: 0 }), cacheTime: 0 });
}

describe('UrlCoolDown with viem’s fallback', () => {
  it('passes over a URL that timed out until its cool-down ends, then tries it again', async () => {
    const clock = { now: 0 };
    const [hung, good] = [url(timeout), url()];
    const client = clientOver([hung.transport, good.transport], clock);
    for (let i = 0; i < 5; i++) expect(await client.getBlockNumber()).toBe(1n);
    expect([hung.counter.requests, good.counter.requests]).toEqual([1, 5]);

    clock.now += 30_001;
    expect(await client.getBlockNumber()).toBe(1n);
    expect(hung.counter.requests).toBe(2);
  });

  it('never passes over a URL when every other one is cooling down too', async () => {
    const clock = { now: 0 };
    const [first, second] = [url(timeout), url(timeout)];
    const client = clientOver([first.transport, second.transport], clock);
    for (let i = 0; i < 3; i++) await expect(client.getBlockNumber()).rejects.toThrow();
    expect(first.counter.requests).toBe(second.counter.requests);
    expect(first.counter.requests).toBeGreaterThanOrEqual(3);
  });

  it('keeps a lone URL in use whatever it does', async () => {
    const only = url(timeout);
    const client = clientOver([only.transport], { now: 0 });
    for (let i = 0; i < 3; i++) await expect(client.getBlockNumber()).rejects.toThrow();
    expect(only.counter.requests).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['a JSON-RPC error', () => new RpcRequestError({ body: {}, url: 'http://rpc.invalid', error: { code: -32000, message: 'header not found' } })],
    ['a log range refused with HTTP 413', () => new HttpRequestError({ url: 'http://rpc.invalid', status: 413, details: 'block range too large' })],
  ])('does not cool a URL down for %s: that is an answer', async (_, failure) => {
    const refusing = url(failure);
    const client = clientOver([refusing.transport, url().transport], { now: 0 });
    for (let i = 0; i < 3; i++) await client.getBlockNumber();
    expect(refusing.counter.requests).toBe(3);
  });

  it('cools a URL down for an HTTP error that is not a refused range', async () => {
    const failing = url(() => new HttpRequestError({ url: 'http://rpc.invalid', status: 502, details: 'Bad Gateway' }));
    const client = clientOver([failing.transport, url().transport], { now: 0 });
    for (let i = 0; i < 3; i++) await client.getBlockNumber();
    expect(failing.counter.requests).toBe(1);
  });
});
