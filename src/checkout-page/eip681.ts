import { encodeFunctionData, erc20Abi, getAddress, toHex, type Address, type Hex } from 'viem';

/** One transfer to a deposit address: a token's `transfer`, or plain ETH (`token: null`); `amount` in base units. */
export interface TransferRequest {
  chainId: number;
  depositAddress: Address;
  token: Address | null;
  amount: bigint;
}

/**
 * The EIP-681 URI of a transfer, as wallets read it from a QR code:
 * `ethereum:<token>@<chainId>/transfer?address=<deposit>&uint256=<amount>`, or for ETH
 * `ethereum:<deposit>@<chainId>?value=<wei>`. Amounts are plain integers in base units: the
 * standard allows `1e6`-style exponents, and wallets mishandle them.
 */
export function eip681Uri({ chainId, depositAddress, token, amount }: TransferRequest): string {
  if (amount <= 0n) throw new Error('A transfer request needs a positive amount');
  const to = getAddress(depositAddress);
  if (token === null) return `ethereum:${to}@${chainId}?value=${amount.toString()}`;
  return `ethereum:${getAddress(token)}@${chainId}/transfer?address=${to}&uint256=${amount.toString()}`;
}

/** The `eth_sendTransaction` fields of the same transfer, for the browser wallet: exactly what the QR code asks for. */
export interface TransferTransaction {
  to: Address;
  value: Hex;
  data: Hex | undefined;
}

export function transferTransaction({ depositAddress, token, amount }: TransferRequest): TransferTransaction {
  if (token === null) return { to: getAddress(depositAddress), value: toHex(amount), data: undefined };
  return { to: getAddress(token), value: '0x0', data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [getAddress(depositAddress), amount] }) };
}
