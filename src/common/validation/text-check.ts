import { joinParamPath } from './param-path';
import { freeTextProperties } from './free-text.decorator';
import { textProblem, TextKind } from './text-rule';

export interface TextFailure {
  param: string;
  message: string;
}

/** The kind of text a property holds; `inherited` is the kind of the object that holds it. */
type KindOf = (holder: object, key: string, inherited: TextKind) => TextKind;

interface Pending {
  value: unknown;
  path: string;
  kind: TextKind;
}

/** An instance of a DTO class, as the pipe makes them; not a plain, null-prototype (query strings) or array object. */
const isDto = (value: object) => typeof value.constructor === 'function' && value.constructor !== Object && !Array.isArray(value);

/** Free-text marks decide for a DTO's own properties; anything nested in a property is of that property's kind. */
const byMarks: KindOf = (holder, key, inherited) => (isDto(holder) ? (freeTextProperties(holder.constructor).has(key) ? 'free' : 'plain') : inherited);

/**
 * Applies the text rule to every string of a validated DTO, nested objects
 * and arrays included, and to every key of a nested plain object (such as
 * `metadata`), naming the first offender as a `param` path. Iterative, so the
 * depth of the input costs no stack.
 */
export function findTextFailure(dto: object): TextFailure | undefined {
  return walk(dto, byMarks);
}

/**
 * The same walk over input not yet validated, every string taken as free
 * text: finds what no field may hold (NUL and the other controls, unpaired
 * surrogates) before any validator sees it — validator.js's `isEmail`
 * throws on an unpaired surrogate.
 */
export function findForbiddenText(input: object): TextFailure | undefined {
  return walk(input, () => 'free');
}

function walk(root: object, kindOf: KindOf): TextFailure | undefined {
  const pending: Pending[] = [{ value: root, path: '', kind: 'plain' }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path, kind } = item;
    if (typeof value === 'string') {
      const problem = textProblem(value, kind);
      if (problem) return { param: path, message: `${path} ${problem}.` };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    // Keys of the root and of DTOs are field names, which validation checks (an unknown one is parameter_unknown).
    const keysAreData = value !== root && !isDto(value) && !Array.isArray(value);
    const children: Pending[] = [];
    for (const [key, child] of Object.entries(value)) {
      const problem = keysAreData ? textProblem(key, 'plain') : undefined;
      if (problem) return { param: path, message: `${path} keys ${problem}.` };
      children.push({ value: child, path: joinParamPath(path, key), kind: kindOf(value, key, kind) });
    }
    pending.push(...children.reverse());
  }
  return undefined;
}
