/** What stands in for anything the attempt log cannot hold. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

// jsonb refuses these and NUL; everything else is stored as it is.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text from outside (a receiver's answer, a network error) made fit for the
 * jsonb attempt log: NUL and unpaired surrogates become U+FFFD, so recording
 * an attempt can never fail on what a receiver sent.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', REPLACEMENT_CHARACTER).replace(UNPAIRED_SURROGATE, REPLACEMENT_CHARACTER);
}

/**
 * The start of a receiver's answer as storable text: decoded as UTF-8, with
 * every byte that is not UTF-8 (and every NUL) shown as U+FFFD. When `cut`,
 * the bytes stop at the size limit rather than at the end of the answer, so a
 * character split by the limit is left out instead of shown as U+FFFD.
 */
export function storableAnswer(bytes: Uint8Array, cut: boolean): string {
  return storableText(new TextDecoder('utf-8').decode(bytes, { stream: cut }));
}
