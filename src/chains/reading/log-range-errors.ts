/**
 * How providers refuse an eth_getLogs whose block range or result is too large. There is no
 * standard code (-32005, -32602, -32600, -32000, -32614 and HTTP 413 are all in use), so the
 * messages decide; each pattern is one a provider or node is known to send.
 */
const RANGE_TOO_LARGE: readonly RegExp[] = [
  /query returned more than [\d,]+ results/i, // Infura, geth
  /query exceeds max results/i, // reth, erigon ("… retry with the range …")
  /log response size exceeded/i, // Alchemy
  /requests with up to a [\d,]+ block range/i, // Alchemy's smaller plans
  /consider reducing your block range/i, // Alchemy's query timeout
  /range [\d,]+ exceeds limit/i, // Infura's block-range limit
  /is bigger than range limit/i, // Tenderly
  /is limited to a [\d,]+ (block )?range/i, // QuickNode
  /exceeds? (the )?max(imum)? block range/i, // BNB-style geth forks, NodeReal, public nodes
  /block range is (larger|bigger) than max/i, // op-geth and scroll-style forks
  /block range (is )?too (wide|large|big|high)/i, // Frontier (Moonbeam), Ankr, others
  /range too large/i,
  /blocks distance/i, // Ankr: "maximum [from, to] blocks distance: 10000"
];

/** EIP-1474's "limit exceeded"; Infura also sends it for rate limits, which a smaller range does not cure. */
const LIMIT_EXCEEDED_CODE = -32005;
const RATE_LIMITED = /\brate\b|rate.?limit|too many requests|request count|per second|\bcredits?\b|capacity|throughput/i;

/** Whether an eth_getLogs failed because its range (or its result) was too large: a smaller range may pass. */
export function isLogRangeTooLarge(error: unknown): boolean {
  const { texts, codes } = describe(error);
  const text = texts.join('\n');
  if (RANGE_TOO_LARGE.some((pattern) => pattern.test(text))) return true;
  return codes.includes(LIMIT_EXCEEDED_CODE) && !RATE_LIMITED.test(text);
}

/** The messages and codes along an error's cause chain (viem wraps the provider's error one or two levels deep). */
function describe(error: unknown): { texts: string[]; codes: number[] } {
  const texts: string[] = [];
  const codes: number[] = [];
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code, message, details, data } = current as { code?: unknown; message?: unknown; details?: unknown; data?: unknown };
    if (typeof code === 'number') codes.push(code);
    // viem's own messages add the URL and the request body: only the provider's words (its details) count.
    const text = typeof details === 'string' ? details : message;
    if (typeof text === 'string') texts.push(text);
    // Some providers (Tenderly) put the reason in the error's data.
    if (data !== undefined) texts.push(typeof data === 'string' ? data : safeJson(data));
  }
  return { texts, codes };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item)) ?? '';
  } catch {
    return '';
  }
}
