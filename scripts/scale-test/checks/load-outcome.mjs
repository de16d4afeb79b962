// What a load phase's clients saw, against the database: only retryable errors on the way, every
// request ending once, and exactly the customers the clients believe they made.
import { customersInDatabase } from '../load.mjs';

/** `retryable(reason)` says which retryable answers the phase may show (the others fail it). */
export async function checkLoadOutcome({ db }, { tally, created }, { tag, property, retryable }) {
  const stored = await customersInDatabase(db, tag);
  const duplicated = [...stored.values()].filter((copies) => copies > 1).length;
  const lost = [...created.keys()].filter((email) => !stored.has(email)).length;
  const unknown = [...stored.keys()].filter((email) => !created.has(email)).length;
  const reasons = Object.entries(tally.reasons).map(([reason, n]) => `${n} × ${reason}`).join(', ') || 'none';
  const retryableOk = Object.keys(tally.reasons).every(retryable);
  return {
    property,
    pass: tally.answers.failed === 0 && tally.requests.failed === 0 && retryableOk && duplicated === 0 && lost === 0 && unknown === 0 && created.size > 0,
    figures: `${tally.requests.succeeded} requests succeeded, ${tally.requests.failed} failed; answers: ${tally.answers.ok} ok, ${tally.answers.retryable} retryable (${reasons}), ${tally.answers.failed} other; customers: ${created.size} created by clients, ${stored.size} in the database, ${duplicated} duplicated, ${lost} lost, ${unknown} unknown`,
  };
}
