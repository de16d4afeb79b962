/** The public API's path prefix (DESIGN.md §1): API keys here, nowhere else. */
export const PUBLIC_API_PREFIX = 'api/v1';

export function isPublicApiPath(path: string): boolean {
  return path === `/${PUBLIC_API_PREFIX}` || path.startsWith(`/${PUBLIC_API_PREFIX}/`);
}
