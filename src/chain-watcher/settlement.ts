import type { SettlementRule } from '../chains/networks';
import type { ChainHead } from '../chains/reading/chain-head';

/** Which block tags a rule needs read with the head. */
export function tagsFor(rule: SettlementRule): { withSafe: boolean; withFinalized: boolean } {
  return {
    withSafe: rule.kind === 'tag' && rule.tag === 'safe',
    withFinalized: rule.kind === 'tag' ? rule.tag === 'finalized' : rule.thenFinalized,
  };
}

/**
 * The highest block whose payments count as settled under `rule`, given the head just read;
 * -1 when none is (a tag the node does not serve yet).
 */
export function settledThrough(rule: SettlementRule, head: ChainHead): bigint {
  if (rule.kind === 'tag') return (rule.tag === 'safe' ? head.safe : head.finalized) ?? -1n;
  const deepEnough = head.number - BigInt(rule.blocks) + 1n;
  return rule.thenFinalized ? min(deepEnough, head.finalized ?? -1n) : deepEnough;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
