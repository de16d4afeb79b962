import { registerDecorator, ValidationOptions } from 'class-validator';

/** The most decimals any currency has (ETH: 18). Each currency may allow fewer. */
export const MAX_AMOUNT_DECIMALS = 18;
/** Whole-number digits allowed; far beyond any real price, well inside `numeric`. */
export const MAX_AMOUNT_INTEGER_DIGITS = 30;

const PLAIN_DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Why `value` is not an acceptable amount, or undefined when it is. Amounts
 * are decimal strings — never numbers, so no float ever touches them — and
 * are kept exactly as sent: `"9.50"` stays `"9.50"`.
 */
export function amountProblem(value: unknown, maxDecimals = MAX_AMOUNT_DECIMALS): string | undefined {
  if (typeof value !== 'string') return 'must be a decimal string such as "25.00"';
  const match = PLAIN_DECIMAL.exec(value);
  if (!match) return 'must be a plain decimal string such as "25.00" (digits, at most one ".", no sign or exponent)';
  const [, whole, fraction = ''] = match;
  if (whole.length > MAX_AMOUNT_INTEGER_DIGITS) return `must have at most ${MAX_AMOUNT_INTEGER_DIGITS} digits before the decimal point`;
  if (fraction.length > maxDecimals) return `must have at most ${maxDecimals} decimal places`;
  if (/^[0.]+$/.test(value)) return 'must be greater than 0';
  return undefined;
}

export function IsAmount(maxDecimals = MAX_AMOUNT_DECIMALS, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => amountProblem(value, maxDecimals) === undefined,
        defaultMessage: (args) => `${args?.property} ${amountProblem(args?.value, maxDecimals)}`,
      },
    });
}
