import { leaderApplicationName } from './leader-lock';

describe('leaderApplicationName', () => {
  it('names the lock and the instance', () => {
    expect(leaderApplicationName('chain-watcher:base', 'web-1:4242')).toBe('checkout:leader:chain-watcher:base:web-1:4242');
  });

  it('fits the 63 bytes PostgreSQL keeps by shortening the name, never the instance id', () => {
    const name = leaderApplicationName('chain-watcher:base-sepolia', 'checkout-7d9f8b6c5-x2x9z:123456');
    expect(name).toBe('checkout:leader:chain-watcher:b:checkout-7d9f8b6c5-x2x9z:123456');
    expect(Buffer.byteLength(name)).toBe(63);
  });

  it('refuses an instance id that leaves no room for the name', () => {
    expect(() => leaderApplicationName('chain-watcher:base', 'x'.repeat(46))).toThrow(/instance id/);
    expect(leaderApplicationName('chain-watcher:base', 'x'.repeat(45))).toBe(`checkout:leader:c:${'x'.repeat(45)}`);
  });
});
