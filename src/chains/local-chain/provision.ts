import { parseEther, type Address, type Hash } from 'viem';
import { testTokenArtifact } from '../../../contracts/artifacts/TestToken';
import { DEPOSIT_FACTORY_ADDRESS, depositFactoryDeployment } from '../deposit-factory';
import { installMulticall3 } from '../multicall3';
import { NETWORKS, type NetworkName } from '../networks';
import { faucetAccount } from './dev-accounts';
import { faucetClient, type FaucetClient } from './faucet-client';
import { LOCAL_TOKENS } from './local-tokens';

/** What the faucet holds of each test token after provisioning: a billion tokens at 6 decimals. */
export const FAUCET_TOKEN_BALANCE = 10n ** 15n;

/**
 * Gas for a TestToken mint or transfer (they take about 50,000). Given rather than estimated: a
 * mint may follow its token's deployment before a block holds it.
 */
export const TOKEN_CALL_GAS = 100_000n;

const FAUCET_ETH_FLOOR = parseEther('1000');
const FAUCET_ETH_BALANCE = parseEther('10000');
const RECEIPT_TIMEOUT_MS = 30_000;

/**
 * Makes an Anvil chain ready for test payments on `network`: the deposit factory (through the
 * deterministic deployment proxy, as on a real chain), the catalogue's test tokens and a funded
 * faucet. Idempotent: it only adds what is missing, so it runs at every start, on a chain whose
 * state was loaded from disk too. On `local` the tokens are deployed at their offline-computed
 * addresses; on another test network (sepolia, base-sepolia on an Anvil with their chain ids) a
 * TestToken's code is put at the catalogue's real token addresses, so those work unchanged.
 */
export async function provisionDevChain(rpcUrl: string, network: NetworkName): Promise<void> {
  const client = faucetClient(rpcUrl, network);
  const expected = NETWORKS[network];
  const chainId = await client.getChainId();
  if (expected.mode !== 'test' || chainId !== expected.chainId) {
    throw new Error(`Only a test network's dev chain is provisioned: ${network} is a ${expected.mode} network with chain id ${expected.chainId}, the RPC answers ${chainId}.`);
  }
  if ((await client.getBalance({ address: faucetAccount.address })) < FAUCET_ETH_FLOOR) {
    await client.setBalance({ address: faucetAccount.address, value: FAUCET_ETH_BALANCE });
  }

  const sent: Hash[] = [];
  if (!(await hasCode(client, DEPOSIT_FACTORY_ADDRESS))) sent.push(await client.sendTransaction(depositFactoryDeployment));
  // Multicall3, as live chains have it (Anvil lacks it): the local chain offers what they do.
  await installMulticall3(client);
  for (const token of expected.tokens) {
    let deployed = await hasCode(client, token.address);
    if (!deployed) {
      const local = LOCAL_TOKENS.find((candidate) => candidate.address === token.address);
      if (local) {
        sent.push(await client.sendTransaction(local.deployment));
      } else {
        await client.setCode({ address: token.address, bytecode: testTokenArtifact.deployedBytecode });
        deployed = true;
      }
    }
    const balance = deployed ? await tokenBalance(client, token.address) : 0n;
    if (balance < FAUCET_TOKEN_BALANCE) sent.push(await mint(client, token.address, FAUCET_TOKEN_BALANCE - balance));
  }
  await settle(client, sent);
}

async function hasCode(client: FaucetClient, address: Address): Promise<boolean> {
  const code = await client.getCode({ address });
  return code !== undefined && code !== '0x';
}

function tokenBalance(client: FaucetClient, token: Address): Promise<bigint> {
  return client.readContract({ address: token, abi: testTokenArtifact.abi, functionName: 'balanceOf', args: [faucetAccount.address] });
}

function mint(client: FaucetClient, token: Address, baseUnits: bigint): Promise<Hash> {
  return client.writeContract({ address: token, abi: testTokenArtifact.abi, functionName: 'mint', args: [faucetAccount.address, baseUnits], gas: TOKEN_CALL_GAS });
}

/** Mines the sent transactions now (the local chain would take up to a block time) and checks each succeeded. */
async function settle(client: FaucetClient, hashes: Hash[]): Promise<void> {
  if (hashes.length === 0) return;
  await client.mine({ blocks: 1 });
  for (const hash of hashes) {
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS });
    if (receipt.status !== 'success') throw new Error(`provisioning transaction ${hash} reverted`);
  }
}
