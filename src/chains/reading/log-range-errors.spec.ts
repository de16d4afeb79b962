import { HttpRequestError, InternalRpcError, InvalidInputRpcError, InvalidParamsRpcError, LimitExceededRpcError, RpcRequestError, UnknownRpcError } from 'viem';
import { isLogRangeTooLarge } from './log-range-errors';

const url = 'https://rpc.example/v2/KEY';
const body = { method: 'eth_getLogs', params: [{ fromBlock: '0x1', toBlock: '0x100000' }] };

/** The error a viem client throws for a JSON-RPC error answer: the provider's error, wrapped as viem does. */
function providerError(error: { code: number; message: string; data?: unknown }): Error {
  const request = new RpcRequestError({ body, error, url });
  switch (error.code) {
    case -32005:
      return new LimitExceededRpcError(request);
    case -32602:
      return new InvalidParamsRpcError(request);
    case -32000:
      return new InvalidInputRpcError(request);
    case -32603:
      return new InternalRpcError(request);
    default:
      return new UnknownRpcError(request);
  }
}

describe('isLogRangeTooLarge', () => {
  it.each([
    ['Infura, too many results', -32005, 'query returned more than 10000 results. Try with this block range [0xBDE5F8, 0x102DBCC].'],
    ['Infura, block range', -32602, 'range 1000000 exceeds limit of 10000'],
    [
      'Alchemy, response size',
      -32602,
      'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters and the response size limit, this block range should work: [0x0, 0xd043b8]',
    ],
    ['Alchemy, smaller plans', -32600, 'You can make eth_getLogs requests with up to a 500 block range. Based on your parameters, this block range should work: [0x123c9b2, 0x123cba5]'],
    ['Alchemy, query timeout', -32603, 'Query timeout exceeded. Consider reducing your block range.'],
    ['QuickNode', -32614, 'eth_getLogs is limited to a 10,000 range'],
    ['reth / erigon', -32602, 'query exceeds max results 20000, retry with the range 25766988-25775072'],
    ['a BNB-style geth fork', -32000, 'exceed maximum block range: 5000'],
    ['op-geth style', -32000, 'block range is larger than max block range, block range = 5120, max block range = 5000'],
    ['Frontier (Moonbeam)', -32000, 'block range is too wide (maximum 1024)'],
    ['a public node', -32600, 'block range too high'],
    ['another public node', -32000, 'range too large, max 1000 blocks'],
    ['Ankr', -32602, 'maximum [from, to] blocks distance: 10000'],
    ['Infura, query too slow', -32005, 'Query duration must not exceed 10 seconds'],
  ])('recognises %s', (_provider, code, message) => {
    expect(isLogRangeTooLarge(providerError({ code, message }))).toBe(true);
  });

  it('recognises a reason given in the error data (Tenderly)', () => {
    const error = providerError({ code: -32602, message: 'invalid params', data: { error_id: 'x', payload: 'range 9009594 is bigger than range limit 2000' } });
    expect(isLogRangeTooLarge(error)).toBe(true);
  });

  it('recognises the provider error on its own, and inside an HTTP 413 answer', () => {
    expect(isLogRangeTooLarge({ code: -32005, message: 'query returned more than 10000 results' })).toBe(true);
    const http = new HttpRequestError({ url, status: 413, details: '{"code":-32614,"message":"eth_getLogs is limited to a 10,000 range"}' });
    expect(isLogRangeTooLarge(http)).toBe(true);
  });

  it.each([
    ['a rate limit with the limit-exceeded code', -32005, 'daily request count exceeded, request rate limited'],
    ['a rate limit per second', -32005, 'project ID request rate exceeded'],
    ['a revert', 3, 'execution reverted'],
    ['a missing block', -32000, 'header not found'],
    ['a block beyond the head', -32000, 'block range extends beyond current head block'],
    ['an inverted range', -32000, 'invalid block range params'],
  ])('does not take %s for one', (_what, code, message) => {
    expect(isLogRangeTooLarge(providerError({ code, message }))).toBe(false);
  });

  it('does not take a network failure or a non-error for one', () => {
    expect(isLogRangeTooLarge(new HttpRequestError({ url, details: 'fetch failed' }))).toBe(false);
    expect(isLogRangeTooLarge(new Error('connect ECONNREFUSED 127.0.0.1:8545'))).toBe(false);
    expect(isLogRangeTooLarge(undefined)).toBe(false);
    expect(isLogRangeTooLarge('range too large')).toBe(false);
  });
});
