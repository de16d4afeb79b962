import { dateTimeProblem } from './date-time';

describe('dateTimeProblem (RFC 3339)', () => {
  it.each([
    '2026-11-26T12:00:00Z',
    '2026-11-26T12:00:00.123Z',
    '2026-11-26T12:00:00.123456789Z',
    '2026-11-26t12:00:00z',
    '2026-11-26T12:00:00+02:00',
    '2026-11-26T12:00:00-23:59',
    '2028-02-29T00:00:00Z',
    '2000-02-29T23:59:59Z',
  ])('accepts %s', (value) => {
    expect(dateTimeProblem(value)).toBeUndefined();
  });

  it.each([
    ['a week date', '2026-W48-4'],
    ['an ordinal date', '2026-330'],
    ['a date alone', '2026-11-26'],
    ['the basic format', '20261126T120000Z'],
    ['no seconds', '2026-11-26T12:00Z'],
    ['no zone', '2026-11-26T12:00:00'],
    ['a space for T', '2026-11-26 12:00:00Z'],
    ['an offset without colon', '2026-11-26T12:00:00+0200'],
    ['a number', 1795694400000],
    ['null', null],
  ])('refuses %s', (_case, value) => {
    expect(dateTimeProblem(value)).toBe('must be an RFC 3339 date-time such as "2026-11-26T12:00:00Z"');
  });

  it.each([
    ['30 February', '2026-02-30T12:00:00Z'],
    ['29 February of a common year', '2100-02-29T12:00:00Z'],
    ['month 13', '2026-13-01T12:00:00Z'],
    ['day 0', '2026-11-00T12:00:00Z'],
    ['hour 24', '2026-11-26T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset of 25 hours', '2026-11-26T12:00:00+25:00'],
  ])('refuses %s, which names no instant', (_case, value) => {
    expect(dateTimeProblem(value)).toBe('must be an RFC 3339 date-time such as "2026-11-26T12:00:00Z", naming a real instant');
  });
});
