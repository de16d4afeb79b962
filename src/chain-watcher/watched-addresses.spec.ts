import { getAddress, numberToHex, type Address } from 'viem';
import { idAt } from '../common/pagination/created-bounds';
import { NETWORKS } from '../chains/networks';
import type { WatchedAddress } from './chain-ledger';
import { FULL_READ_MS, NEW_SESSION_SLACK_MS, WatchedAddresses } from './watched-addresses';

interface Session {
  id: string;
  address: Address;
  native: boolean;
  committedAt: number;
  /** When its monitoring window closes. */
  unwatchedAt: number;
}

/** checkout_sessions as the ledger's query sees them at `clock.now`: committed, still in their window, at or after `fromId`. */
function fakeLedger(clock: { now: number }) {
  const sessions: Session[] = [];
  const reads: (string | undefined)[] = [];
  let next = 1;
  return {
    reads,
    /** A session whose id is stamped at `createdAt` and which commits at `committedAt`. */
    create(createdAt: number, committedAt = createdAt, unwatchedAt = Number.POSITIVE_INFINITY): Address {
      const address = getAddress(numberToHex(next++, { size: 20 }));
      sessions.push({ id: idAt('cs', new Date(createdAt).toISOString()), address, native: false, committedAt, unwatchedAt });
      return address;
    },
    watchedAddresses(_network: unknown, fromId?: string): Promise<WatchedAddress[]> {
      reads.push(fromId);
      const visible = sessions.filter((s) => s.committedAt <= clock.now && s.unwatchedAt > clock.now && (fromId === undefined || s.id >= fromId));
      return Promise.resolve(visible.map(({ address, native }) => ({ address, native })));
    },
  };
}

function setUp() {
  const clock = { now: Date.parse('2026-11-29T12:00:00Z') };
  const ledger = fakeLedger(clock);
  const watched = new WatchedAddresses(NETWORKS.local, ledger, () => clock.now);
  const addresses = async () => (await watched.current()).entries.map((entry) => entry.address);
  return { clock, ledger, watched, addresses };
}

describe('WatchedAddresses', () => {
  it('watches a session created after the set was filled from the next read, without reading the whole set again', async () => {
    const { clock, ledger, watched, addresses } = setUp();
    const old = ledger.create(clock.now - 3_600_000);
    expect(await addresses()).toEqual([old]);
    clock.now += 500;
    const created = ledger.create(clock.now);
    clock.now += 1;
    const { entries, lowercase } = await watched.current();
    expect(entries.map((entry) => entry.address)).toEqual([old, created]);
    expect(lowercase).toEqual(new Set([old.toLowerCase(), created.toLowerCase()]));
    expect(ledger.reads[0]).toBeUndefined();
    expect(ledger.reads[1]).toBeDefined();
  });

  it(`finds a session whose id was stamped up to ${NEW_SESSION_SLACK_MS} ms before the previous read but which committed after it`, async () => {
    const { clock, ledger, addresses } = setUp();
    await addresses();
    clock.now += 1_000;
    const late = ledger.create(clock.now - NEW_SESSION_SLACK_MS + 1_000, clock.now + 1_000);
    expect(await addresses()).toEqual([]);
    clock.now += 1_000;
    expect(await addresses()).toEqual([late]);
  });

  it(`stops watching a session whose monitoring window closed at the next full read, within ${FULL_READ_MS} ms`, async () => {
    const { clock, ledger, addresses } = setUp();
    const closing = ledger.create(clock.now - 3_600_000, clock.now - 3_600_000, clock.now + 1_000);
    const staying = ledger.create(clock.now - 3_600_000);
    expect(await addresses()).toEqual([closing, staying]);
    for (let elapsed = 500; elapsed < FULL_READ_MS; elapsed += 500) {
      clock.now += 500;
      expect(await addresses()).toContain(staying);
    }
    clock.now += 500;
    expect(await addresses()).toEqual([staying]);
    expect(ledger.reads.filter((fromId) => fromId === undefined)).toHaveLength(2);
  });
});
