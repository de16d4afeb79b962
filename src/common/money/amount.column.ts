import { Column, ColumnOptions } from 'typeorm';

/**
 * An amount column: unconstrained `numeric`, which keeps the scale it was
 * given. node-postgres returns `numeric` as a string, so the value travels
 * string → numeric → string without ever being a JavaScript number.
 */
export function AmountColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric' });
}
