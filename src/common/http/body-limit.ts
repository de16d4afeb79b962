/** Largest JSON body the API accepts (DESIGN.md §5): 256 KB. */
export const BODY_LIMIT_BYTES = 256 * 1024;
