import fc from 'fast-check';
import { bytesToHex, getAddress, keccak256, toHex } from 'viem';
import { balanceDueIn, lastDueBefore, TOKEN_SESSION_BALANCE_PERIOD } from './balance-schedule';

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(bytesToHex(bytes)));
const period = fc.bigInt({ min: 1n, max: 40n });
/** Consecutive ticks from `start`: each covers the blocks after the last one's. */
const ticks = fc.record({ start: fc.bigInt({ min: 1n, max: 10n ** 9n }), spans: fc.array(fc.bigInt({ min: 1n, max: 60n }), { minLength: 1, maxLength: 60 }) }).map(({ start, spans }) => {
  let from = start;
  return spans.map((span) => {
    const tick = { from, to: from + span - 1n };
    from = tick.to + 1n;
    return tick;
  });
});

describe('balance schedule of token sessions', () => {
  it('reads every address in each run of `period` blocks, whatever the ticks', () => {
    fc.assert(
      fc.property(address, period, ticks, (holder, every, run) => {
        const read = run.filter((tick) => balanceDueIn(tick.from, tick.to, every)(holder));
        // Never `period` blocks or more in ticks that skipped it: before the first read, between two, after the last.
        let unreadSince = run[0].from;
        for (const tick of read) {
          expect(tick.from - unreadSince).toBeLessThan(every);
          unreadSince = tick.to + 1n;
        }
        expect(run.at(-1)!.to + 1n - unreadSince).toBeLessThan(every);
      }),
    );
  });

  it('starts a rise search at a block a tick that read the address covered, less than `period` blocks back', () => {
    fc.assert(
      fc.property(address, period, ticks, (holder, every, run) => {
        for (const tick of run.filter((candidate) => candidate.from - run[0].from >= every && balanceDueIn(candidate.from, candidate.to, every)(holder))) {
          const after = lastDueBefore(holder, tick.from, every);
          expect(after).toBeLessThan(tick.from);
          expect(tick.from - after).toBeLessThanOrEqual(every);
          const covering = run.find((earlier) => earlier.from <= after && after <= earlier.to)!;
          expect(balanceDueIn(covering.from, covering.to, every)(holder)).toBe(true);
        }
      }),
    );
  });

  it('reads every address in a tick of `period` blocks or more (catching up)', () => {
    fc.assert(fc.property(address, period, fc.bigInt({ min: 0n, max: 10n ** 9n }), (holder, every, from) => expect(balanceDueIn(from, from + every - 1n, every)(holder)).toBe(true)));
  });

  it('never looks below block 0', () => {
    fc.assert(fc.property(address, period, fc.bigInt({ min: 1n, max: 40n }), (holder, every, from) => expect(lastDueBefore(holder, from, every)).toBeGreaterThanOrEqual(0n)));
  });

  it('spreads 10,000 deposit addresses evenly: about a tenth a block', () => {
    const holders = Array.from({ length: 10_000 }, (_, index) => getAddress(keccak256(toHex(index)).slice(0, 42)));
    for (let block = 1_000n; block < 1_000n + TOKEN_SESSION_BALANCE_PERIOD; block += 1n) {
      const read = holders.filter(balanceDueIn(block, block)).length;
      expect(read).toBeGreaterThan(850);
      expect(read).toBeLessThan(1_150);
    }
  });
});
