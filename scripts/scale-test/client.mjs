// HTTP as the load's clients see it: each answer classified as ok, retryable (what a client may
// retry: a connection error, 502/503 from the balancer, 409 "in progress") or failed.
import { setTimeout as sleep } from 'node:timers/promises';

const REQUEST_TIMEOUT_MS = 30_000;

/** One request; never throws: a connection error is `{ status: 0, error }`. */
export async function send(base, { method = 'GET', path, key, body, idempotencyKey, headers = {} }) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
  if (key) init.headers.authorization = `Bearer ${key}`;
  if (idempotencyKey) init.headers['idempotency-key'] = idempotencyKey;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, body: json, headers: response.headers, upstream: response.headers.get('x-upstream') };
  } catch (error) {
    return { status: 0, error: error.cause?.code ?? error.name ?? String(error) };
  }
}

/** 'ok' (2xx), 'retryable' with a reason, or 'failed'. */
export function classify(answer, method = 'GET') {
  if (answer.status >= 200 && answer.status < 300) return { kind: 'ok' };
  if (answer.status === 0) return { kind: 'retryable', reason: `${method} connection error (${answer.error})` };
  if (answer.status === 502 || answer.status === 503) return { kind: 'retryable', reason: `${method} ${answer.status}` };
  if (answer.status === 409 && answer.body?.error?.code === 'idempotency_request_in_progress') return { kind: 'retryable', reason: `${method} 409 in progress` };
  return { kind: 'failed', reason: `${method} ${answer.status} ${answer.body?.error?.code ?? ''}`.trim() };
}

/** Counts of every answer the clients saw, and of each logical request's final outcome. */
export class Tally {
  constructor() {
    this.answers = { ok: 0, retryable: 0, failed: 0 };
    this.reasons = {};
    this.requests = { succeeded: 0, failed: 0 };
  }

  seen(outcome) {
    this.answers[outcome.kind] += 1;
    if (outcome.reason) this.reasons[outcome.reason] = (this.reasons[outcome.reason] ?? 0) + 1;
  }

  finished(ok) {
    this.requests[ok ? 'succeeded' : 'failed'] += 1;
  }
}

/**
 * Sends `request` until it is not retryable (at most `attempts` times), as a careful client does:
 * a POST keeps its Idempotency-Key across retries. Resolves with the last answer.
 */
export async function sendWithRetries(base, request, tally, { attempts = 40, backoffMs = 100 } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await send(base, request);
    const outcome = classify(answer, request.method);
    tally?.seen(outcome);
    if (outcome.kind !== 'retryable' || attempt === attempts) {
      tally?.finished(outcome.kind === 'ok');
      return answer;
    }
    await sleep(backoffMs);
  }
}
