// The mixed load: workers that alternate an authenticated GET with a customer create (a webhook-
// triggering write, sent with an Idempotency-Key and retried as a careful client does).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendWithRetries, Tally } from './client.mjs';

/**
 * Starts `workers` loops against `base` with `key`; `stop()` ends them and resolves with
 * `{ tally, created }`: every answer seen and the ids of the customers the clients believe they made.
 */
export function startLoad(base, key, { workers, thinkMs, tag }) {
  const tally = new Tally();
  const created = new Map(); // email → id from the 201
  let running = true;
  const worker = async () => {
    for (let round = 0; running; round += 1) {
      if (thinkMs) await sleep(thinkMs);
      if (round % 2 === 0) {
        await sendWithRetries(base, { path: '/api/v1/customers?limit=1', key }, tally);
        continue;
      }
      const email = `${tag}-${randomUUID()}@example.com`;
      const answer = await sendWithRetries(base, { method: 'POST', path: '/api/v1/customers', key, body: { email, name: tag }, idempotencyKey: randomUUID() }, tally);
      if (answer.status === 201) created.set(email, answer.body.id);
    }
  };
  const loops = Array.from({ length: workers }, worker);
  return {
    tally,
    created,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { tally, created };
    },
  };
}

/** Customers the database holds for `tag`, by email: what the clients made, each once? */
export async function customersInDatabase(db, tag) {
  const { rows } = await db.query(`SELECT email, count(*)::int AS copies FROM customers WHERE name = $1 GROUP BY email`, [tag]);
  return new Map(rows.map((row) => [row.email, row.copies]));
}
