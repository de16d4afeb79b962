import { ValidateBy } from 'class-validator';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function daysIn(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

// RFC 3339 §5.6 date-time: full date, "T", time with seconds, optional fraction, and a zone.
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Why `value` is not an RFC 3339 date-time naming one instant, or undefined
 * when it is. ISO 8601's other forms (week dates, ordinal dates, basic
 * format, no zone) are refused, as are impossible dates (`02-30`) and leap
 * seconds, which JavaScript dates cannot represent.
 */
export function dateTimeProblem(value: unknown): string | undefined {
  const shape = 'must be an RFC 3339 date-time such as "2026-11-26T12:00:00Z"';
  if (typeof value !== 'string') return shape;
  const match = RFC_3339.exec(value);
  if (!match) return shape;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 8, 9].map((group) => Number(match[group] ?? 0));
  const valid =
    month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  if (!valid || Number.isNaN(Date.parse(value))) return `${shape}, naming a real instant`;
  return undefined;
}

/** The one rule for date-time inputs; the service may then `Date.parse` the string safely. */
export function IsDateTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateTime',
    validator: {
      validate: (value: unknown) => dateTimeProblem(value) === undefined,
      defaultMessage: (args) => `${args?.property} ${dateTimeProblem(args?.value)}`,
    },
  });
}
