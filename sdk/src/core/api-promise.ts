/** The server's rate-limit headers on an answer (DESIGN §6). */
export interface RateLimit {
  /** Requests per second allowed for the key's mode (`RateLimit-Limit`). */
  limit: number;
  /** Requests left in the current window (`RateLimit-Remaining`). */
  remaining: number;
  /** Seconds until the window resets (`RateLimit-Reset`). */
  reset: number;
}

/** A call's result with what its HTTP answer said about it. */
export interface WithResponse<T> {
  /** What awaiting the call gives. */
  data: T;
  /** The `Request-Id` header: quote it when reporting a problem. */
  requestId: string | undefined;
  /** Whether the server replayed a stored answer for this `Idempotency-Key` (`Idempotent-Replayed: true`) rather than running the call. */
  idempotentReplayed: boolean;
  /** The `RateLimit-*` headers, when all three were sent. */
  rateLimit: RateLimit | undefined;
  /** HTTP status of the answer, e.g. 201. */
  status: number;
  /** Every response header. */
  headers: Headers;
}

/** The metadata of an answer, read from its status and headers. */
export function responseMetadata(response: { status: number; headers: Headers }): Omit<WithResponse<never>, 'data'> {
  const { headers } = response;
  const whole = (name: string) => {
    const value = headers.get(name);
    return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
  };
  const [limit, remaining, reset] = [whole('ratelimit-limit'), whole('ratelimit-remaining'), whole('ratelimit-reset')];
  return {
    requestId: headers.get('request-id') ?? undefined,
    idempotentReplayed: headers.get('idempotent-replayed') === 'true',
    rateLimit: limit !== undefined && remaining !== undefined && reset !== undefined ? { limit, remaining, reset } : undefined,
    status: response.status,
    headers,
  };
}

/**
 * What every call returns: a real `Promise` of the result (`await`, `.then`, `.catch`,
 * `.finally`), which also offers `.withResponse()` for the answer's metadata — openai-node's
 * `APIPromise`. The call is sent at once, whether or not anything awaits it.
 */
export class APIPromise<T> extends Promise<T> {
  // Anything a caller derives with then/catch/finally is a plain Promise, not another APIPromise.
  static override get [Symbol.species]() {
    return Promise;
  }

  readonly #load: () => Promise<WithResponse<T>>;
  #loaded: Promise<WithResponse<T>> | undefined;

  /** `load` performs the call; a subclass may pass `lazy` to defer it until first used. */
  constructor(load: () => Promise<WithResponse<T>>, options: { lazy?: boolean } = {}) {
    // The base promise only makes this a Promise; results flow through #loaded.
    super((resolve) => resolve(undefined as T));
    this.#load = load;
    if (!options.lazy) this.withResponse();
  }

  /** The result with the answer's `requestId`, `idempotentReplayed`, `rateLimit`, `status` and `headers`. */
  withResponse(): Promise<WithResponse<T>> {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.withResponse().then((result) => result.data).then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
}
