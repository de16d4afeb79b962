import { ApiErrors } from '../errors/api-errors';
import { amountProblem } from './amount';

/**
 * Checks an amount against its currency: the currency must be accepted
 * (`CURRENCIES`) and the amount may have at most that currency's decimals.
 * The DTO has already checked the amount's shape against the widest rule.
 */
export function assertPrice(currencies: ReadonlyMap<string, number>, amount: string, currency: string): void {
  const decimals = currencies.get(currency);
  if (decimals === undefined) {
    throw ApiErrors.parameterInvalid('currency', `currency must be one of ${[...currencies.keys()].join(', ')}.`);
  }
  const problem = amountProblem(amount, decimals);
  if (problem) throw ApiErrors.parameterInvalid('amount', `amount ${problem} for ${currency}.`);
}
