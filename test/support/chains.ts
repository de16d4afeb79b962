import { createPublicClient, createWalletClient, getAddress, http, type Address } from 'viem';
import { depositFactoryDeployment } from '../../src/chains/deposit-factory';
import { Anvil } from './anvil';

/** Payout addresses for suites (EIP-55, as the configuration requires); nothing is ever swept to them here. */
export const PAYOUT_LIVE: Address = getAddress('0x1111111111111111111111111111111111111111');
export const PAYOUT_TEST: Address = getAddress('0x2222222222222222222222222222222222222222');

/** Deploys the factory through the deterministic deployment proxy, as an operator would. */
export async function deployFactory(anvil: Anvil): Promise<void> {
  const wallet = createWalletClient({ transport: http(anvil.rpcUrl), cacheTime: 0 });
  const [account] = await wallet.getAddresses();
  const hash = await wallet.sendTransaction({ account: account as Address, chain: null, ...depositFactoryDeployment });
  const receipt = await createPublicClient({ transport: http(anvil.rpcUrl), cacheTime: 0 }).waitForTransactionReceipt({ hash, pollingInterval: 5 });
  if (receipt.status !== 'success') throw new Error('factory deployment reverted');
}

/** An Anvil posing as a catalogue network (its chain id), with the factory deployed: the service enables it. */
export async function startChainAs(chainId: number): Promise<Anvil> {
  const anvil = await Anvil.start(['--chain-id', String(chainId)]);
  await deployFactory(anvil);
  return anvil;
}
