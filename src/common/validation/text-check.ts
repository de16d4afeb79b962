import { joinParamPath } from './param-path';
import { freeTextProperties } from './free-text.decorator';
import { textProblem, TextKind } from './text-rule';

export interface TextFailure {
  param: string;
  message: string;
}

interface Pending {
  value: unknown;
  path: string;
  kind: TextKind;
}

const isDto = (value: object) => Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value);

/**
 * Applies the text rule to every string and every object key in a validated
 * DTO, nested objects and arrays included, and names the first offender as
 * a `param` path. Iterative, so the depth of the input costs no stack.
 */
export function findTextFailure(root: object): TextFailure | undefined {
  const pending: Pending[] = [{ value: root, path: '', kind: 'plain' }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path, kind } = item;
    if (typeof value === 'string') {
      const problem = textProblem(value, kind);
      if (problem) return { param: path, message: `${path} ${problem}.` };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const freeText = isDto(value) ? freeTextProperties(value.constructor) : undefined;
    const children: Pending[] = [];
    for (const [key, child] of Object.entries(value)) {
      const childPath = joinParamPath(path, key);
      if (!freeText && !Array.isArray(value)) {
        const problem = textProblem(key, 'plain');
        if (problem) return { param: path, message: `${path} keys ${problem}.` };
      }
      children.push({ value: child, path: childPath, kind: freeText ? (freeText.has(key) ? 'free' : 'plain') : kind });
    }
    pending.push(...children.reverse());
  }
  return undefined;
}
