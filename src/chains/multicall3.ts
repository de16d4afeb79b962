import { createTestClient, http, type Address, type TestClient } from 'viem';
import { getCode, setCode } from 'viem/actions';
import { multicall3Artifact } from '../../contracts/artifacts/Multicall3';

/** Where Multicall3 lives on nearly every EVM chain (the same deployer key and nonce everywhere). */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * Puts our Multicall3 (contracts/src/Multicall3.sol) at the canonical address of an Anvil chain,
 * which has none; live chains have the canonical deployment. Leaves any code already there alone,
 * so calling it again, or on a fork that has the real one, changes nothing.
 */
export async function installMulticall3(target: string | TestClient): Promise<void> {
  const client = typeof target === 'string' ? createTestClient({ mode: 'anvil', transport: http(target), cacheTime: 0 }) : target;
  const code = await getCode(client, { address: MULTICALL3_ADDRESS });
  if (code && code !== '0x') return;
  await setCode(client, { address: MULTICALL3_ADDRESS, bytecode: multicall3Artifact.deployedBytecode });
}
