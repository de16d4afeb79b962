/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when
 * the header is anything else: another scheme, no token, extra tokens,
 * stray whitespace or characters. The scheme is case-insensitive (RFC 9110);
 * the token is checked for its exact shape later.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^bearer ([\x21-\x7e]+)$/i.exec(header);
  return match?.[1];
}
