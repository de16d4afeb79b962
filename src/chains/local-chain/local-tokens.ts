import { concat, encodeDeployData, getContractAddress, keccak256, toHex, type Address, type Hex } from 'viem';
import { testTokenArtifact } from '../../../contracts/artifacts/TestToken';
import { DETERMINISTIC_DEPLOYER } from '../deposit-factory';

export interface LocalToken {
  currency: 'USDC' | 'USDT';
  address: Address;
  decimals: 6;
  /** The transaction that deploys it: the deterministic deployment proxy takes the salt followed by the init code. */
  deployment: { to: Address; data: Hex };
}

/** A TestToken (open mint, 6 decimals) at an address fixed by its salt and init code, so computed offline. */
function localToken(currency: LocalToken['currency'], name: string): LocalToken {
  const salt = keccak256(toHex(`crypto-checkout local ${currency}`));
  const initCode = encodeDeployData({ abi: testTokenArtifact.abi, bytecode: testTokenArtifact.bytecode, args: [name, currency] });
  return {
    currency,
    address: getContractAddress({ opcode: 'CREATE2', from: DETERMINISTIC_DEPLOYER, salt, bytecode: initCode }),
    decimals: 6,
    deployment: { to: DETERMINISTIC_DEPLOYER, data: concat([salt, initCode]) },
  };
}

/** The local chain's test USDC and USDT, deployed when it is provisioned. */
export const LOCAL_TOKENS: readonly LocalToken[] = [localToken('USDC', 'Test USD Coin'), localToken('USDT', 'Test Tether USD')];
