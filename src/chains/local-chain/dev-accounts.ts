import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/**
 * Anvil's default dev accounts, derived from its public test mnemonic ("test test … junk"). Their
 * keys are published in Foundry's documentation and everywhere else: they are for local chains
 * only, and anything sent to them on a real network is taken by bots at once.
 */

/** Dev account #0: the local chain's faucet, which pays test sessions. */
const FAUCET_PRIVATE_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const faucetAccount = privateKeyToAccount(FAUCET_PRIVATE_KEY);

/** Dev account #9: where test deposit addresses pay out on the local chain when PAYOUT_ADDRESS_TEST is unset. */
export const LOCAL_PAYOUT_ADDRESS: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';
