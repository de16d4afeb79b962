import { BaseError, HttpRequestError, TimeoutError, type Transport } from 'viem';
import { isLogRangeTooLarge } from './reading/log-range-errors';

/** How long a URL that timed out or could not be reached is passed over while another answers. */
const COOL_DOWN_MS = 30_000;

/**
 * Which of a network's URLs failed lately at the transport level (a timeout, a refused connection,
 * an HTTP error; not a JSON-RPC error, nor a refused log range, which are answers). viem's fallback tries the URLs in order
 * for every request, so a first URL that accepts connections but never answers would cost its whole
 * timeout on every request, for good: a watcher tick then takes tens of seconds. A URL cooling down
 * is passed over at once, as long as another URL is not cooling down too, and is tried again after.
 */
export class UrlCoolDown {
  private readonly until: number[];

  constructor(
    count: number,
    private readonly coolDownMs = COOL_DOWN_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.until = Array<number>(count).fill(0);
  }

  /** Whether URL `index` is passed over now: it is cooling down and some other URL is not. */
  skips(index: number): boolean {
    const now = this.now();
    return this.until[index] > now && this.until.some((until, other) => other !== index && until <= now);
  }

  failed(index: number): void {
    this.until[index] = this.now() + this.coolDownMs;
  }

  answered(index: number): void {
    this.until[index] = 0;
  }
}

/** Why a URL was passed over without a request: the fallback goes on to the next URL. */
export class UrlCoolingDownError extends BaseError {
  constructor() {
    super('The RPC URL is cooling down after a failure; another one answers.', { name: 'UrlCoolingDownError' });
  }
}

/** `transport`, the `index`-th URL of a fallback, passed over while `coolDown` says so; its transport failures start the cool-down. */
export function coolingDown(transport: Transport, index: number, coolDown: UrlCoolDown): Transport {
  return (options) => {
    const inner = transport(options);
    type Request = typeof inner.request;
    const request = (async (args: Parameters<Request>[0], requestOptions?: Parameters<Request>[1]) => {
      if (coolDown.skips(index)) throw new UrlCoolingDownError();
      try {
        const result: unknown = await inner.request(args, requestOptions);
        coolDown.answered(index);
        return result;
      } catch (error) {
        // Some providers refuse a too-large eth_getLogs with HTTP 413: an answer, not a failure of the URL.
        if ((error instanceof TimeoutError || error instanceof HttpRequestError) && !isLogRangeTooLarge(error)) coolDown.failed(index);
        throw error;
      }
    }) as Request;
    return { ...inner, request };
  };
}
