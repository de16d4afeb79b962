import { amountProblem, MAX_AMOUNT_DECIMALS, MAX_AMOUNT_INTEGER_DIGITS } from './amount';

describe('amountProblem', () => {
  it.each(['25.00', '9.50', '0.000001', '1', '0.5', '1000000'])('accepts %p', (value) => {
    expect(amountProblem(value)).toBeUndefined();
  });

  it('accepts 18 decimals by default', () => {
    expect(MAX_AMOUNT_DECIMALS).toBe(18);
    expect(amountProblem(`0.${'0'.repeat(17)}1`)).toBeUndefined();
  });

  it('rejects 19 decimals by default', () => {
    expect(amountProblem(`0.${'0'.repeat(18)}1`)).toBe('must have at most 18 decimal places');
  });

  it('rejects a number, even a whole one', () => {
    expect(amountProblem(25)).toBe('must be a decimal string such as "25.00"');
  });

  it.each([null, undefined, {}, ['1']])('rejects the non-string %p', (value) => {
    expect(amountProblem(value)).toEqual(expect.any(String));
  });

  it.each(['', '-1', '+1', '1e5', '1E5', '01.5', '.5', '5.', '1,5', ' 1', '1 ', '1.2.3', 'abc', '0x10'])(
    'rejects the malformed string %p',
    (value) => {
      expect(amountProblem(value)).toMatch(/^must be a plain decimal string/);
    },
  );

  it.each(['0', '0.00', '0.000000'])('rejects the zero amount %p', (value) => {
    expect(amountProblem(value)).toBe('must be greater than 0');
  });

  it('applies a smaller maxDecimals', () => {
    expect(amountProblem('1.123456', 6)).toBeUndefined();
    expect(amountProblem('1.1234567', 6)).toBe('must have at most 6 decimal places');
  });

  it('allows a whole number with maxDecimals 0', () => {
    expect(amountProblem('5', 0)).toBeUndefined();
    expect(amountProblem('5.0', 0)).toBe('must have at most 0 decimal places');
  });

  it('allows 30 digits before the decimal point but not 31', () => {
    expect(MAX_AMOUNT_INTEGER_DIGITS).toBe(30);
    expect(amountProblem('9'.repeat(30))).toBeUndefined();
    expect(amountProblem(`${'9'.repeat(30)}.99`)).toBeUndefined();
    expect(amountProblem('1'.repeat(31))).toBe('must have at most 30 digits before the decimal point');
  });
});
