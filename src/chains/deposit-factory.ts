import { concat, encodeAbiParameters, encodeFunctionData, getContractAddress, keccak256, toHex, zeroHash, type Address, type Hex } from 'viem';
import { depositFactoryArtifact } from '../../contracts/artifacts/DepositFactory';
import { sweeperArtifact } from '../../contracts/artifacts/Sweeper';

/** The deterministic deployment proxy (CREATE2 deployer): present on most EVM chains and predeployed on Anvil. */
export const DETERMINISTIC_DEPLOYER: Address = '0x4e59b44847b379578588920cA78FbF26c0B4956C';

const FACTORY_DEPLOY_SALT: Hex = zeroHash;

/** The factory's address, the same on every chain where the proxy deployed it. */
export const DEPOSIT_FACTORY_ADDRESS: Address = getContractAddress({
  opcode: 'CREATE2',
  from: DETERMINISTIC_DEPLOYER,
  salt: FACTORY_DEPLOY_SALT,
  bytecode: depositFactoryArtifact.bytecode,
});

/** The transaction that deploys the factory: the proxy takes the salt followed by the init code. */
export const depositFactoryDeployment: { to: Address; data: Hex } = {
  to: DETERMINISTIC_DEPLOYER,
  data: concat([FACTORY_DEPLOY_SALT, depositFactoryArtifact.bytecode]),
};

const sweeperCodeHash = keccak256(sweeperArtifact.bytecode);

/** The deposit address of (payout, salt), computed offline: what the factory's depositAddress() returns. */
export function depositAddress(payout: Address, salt: Hex): Address {
  return getContractAddress({
    opcode: 'CREATE2',
    from: DEPOSIT_FACTORY_ADDRESS,
    salt: keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [payout, salt])),
    bytecodeHash: sweeperCodeHash,
  });
}

/** The salt of a checkout session's deposit address: what a sweep passes with the payout address. */
export function depositSalt(sessionId: string): Hex {
  return keccak256(toHex(sessionId));
}

/** One deposit address to empty: its payout and salt (which name it) and the tokens to move besides ETH. */
export interface SweepOrder {
  payout: Address;
  salt: Hex;
  tokens: readonly Address[];
}

/** The transaction that empties every ordered deposit address into its payout: one `sweepMany`. */
export function sweepManyCall(orders: readonly SweepOrder[]): { to: Address; data: Hex } {
  return {
    to: DEPOSIT_FACTORY_ADDRESS,
    data: encodeFunctionData({ abi: depositFactoryArtifact.abi, functionName: 'sweepMany', args: [orders.map((order) => ({ ...order, tokens: [...order.tokens] }))] }),
  };
}
