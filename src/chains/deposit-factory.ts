import { concat, encodeAbiParameters, getContractAddress, keccak256, zeroHash, type Address, type Hex } from 'viem';
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
