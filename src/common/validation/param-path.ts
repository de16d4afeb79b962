/** Joins property names into the `param` path of an error: `metadata.plan`, `items[0].amount`. */
export function joinParamPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
