import { getAddress } from 'viem';
import { LOCAL_TOKENS } from './local-chain/local-tokens';
import { NETWORK_NAMES, NETWORKS, networkVariableSuffix } from './networks';

describe('the network catalogue', () => {
  it('lists the live and test networks of DESIGN.md §13 with their chain ids', () => {
    const summary = Object.fromEntries(NETWORK_NAMES.map((name) => [name, [NETWORKS[name].mode, NETWORKS[name].chainId]]));
    expect(summary).toEqual({
      ethereum: ['live', 1],
      base: ['live', 8453],
      arbitrum: ['live', 42161],
      optimism: ['live', 10],
      polygon: ['live', 137],
      sepolia: ['test', 11155111],
      'base-sepolia': ['test', 84532],
      local: ['test', 31337],
    });
  });

  it('keys each entry by its own name and offers ETH natively everywhere but polygon', () => {
    for (const name of NETWORK_NAMES) {
      expect(NETWORKS[name].name).toBe(name);
      expect(NETWORKS[name].nativeCurrency).toEqual(name === 'polygon' ? undefined : { currency: 'ETH', decimals: 18 });
    }
  });

  it('lists token contracts as EIP-55 addresses with 6 decimals, at most one per currency', () => {
    for (const network of Object.values(NETWORKS)) {
      for (const token of network.tokens) {
        expect(getAddress(token.address)).toBe(token.address);
        expect(token.decimals).toBe(6);
      }
      const currencies = network.tokens.map((token) => token.currency);
      expect(new Set(currencies).size).toBe(currencies.length);
    }
  });

  it('lists the test USDC and USDT of the local chain, at the addresses provisioning deploys them to', () => {
    expect(NETWORKS.local.tokens).toEqual([
      { currency: 'USDC', address: LOCAL_TOKENS[0].address, decimals: 6 },
      { currency: 'USDT', address: LOCAL_TOKENS[1].address, decimals: 6 },
    ]);
    expect(LOCAL_TOKENS.map((token) => token.currency)).toEqual(['USDC', 'USDT']);
    expect(LOCAL_TOKENS[0].address).not.toBe(LOCAL_TOKENS[1].address);
  });

  it('settles by the defaults of §13', () => {
    const rules = Object.fromEntries(NETWORK_NAMES.map((name) => [name, NETWORKS[name].settlement]));
    expect(rules).toEqual({
      ethereum: { kind: 'tag', tag: 'finalized' },
      base: { kind: 'tag', tag: 'safe' },
      arbitrum: { kind: 'tag', tag: 'safe' },
      optimism: { kind: 'tag', tag: 'safe' },
      polygon: { kind: 'confirmations', blocks: 128, thenFinalized: true },
      sepolia: { kind: 'tag', tag: 'finalized' },
      'base-sepolia': { kind: 'tag', tag: 'safe' },
      local: { kind: 'confirmations', blocks: 1, thenFinalized: false },
    });
  });

  it('spells each network in variable names upper-case with _ for -', () => {
    expect(NETWORK_NAMES.map(networkVariableSuffix)).toEqual(['ETHEREUM', 'BASE', 'ARBITRUM', 'OPTIMISM', 'POLYGON', 'SEPOLIA', 'BASE_SEPOLIA', 'LOCAL']);
  });
});
