/**
 * What a route that calls out (`@CallsOut()`) returns once its outbound I/O is
 * done: its writes, and the response body they produce. The idempotency
 * interceptor runs `commit` in one short transaction — with the request's
 * idempotency record when it has an `Idempotency-Key` — so no connection is
 * held while the route waited on the network.
 */
export class CommitStep<T> {
  constructor(readonly commit: () => Promise<T>) {}

  /** The same writes, answering with `present(result)`. */
  map<U>(present: (result: T) => U): CommitStep<U> {
    return new CommitStep(async () => present(await this.commit()));
  }
}
