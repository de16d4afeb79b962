import { CheckoutError } from '../errors.js';
import { readEnv } from './env.js';

const KEY_SHAPE = /^ck_(test|live)_[0-9A-Za-z]+$/;

/**
 * The key the client will send, checked for shape at construction so a typo
 * fails at start-up rather than on the first call. Messages never quote the key.
 */
export function resolveApiKey(given: string | undefined): string {
  const key = given ?? readEnv('CHECKOUT_API_KEY');
  if (key === undefined || key === '') {
    throw new CheckoutError('No API key: pass `apiKey` to new CheckoutClient() or set CHECKOUT_API_KEY.');
  }
  if (!KEY_SHAPE.test(key)) {
    throw new CheckoutError('The API key is not shaped like ck_test_… or ck_live_…; check that the whole key was copied.');
  }
  return key;
}
