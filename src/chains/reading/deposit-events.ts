import { parseAbiItem } from 'viem';

/** ERC-20 `Transfer`: a payment into a deposit address, or a token leaving it in a sweep. */
export const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

/** The deposit factory's `Swept`: an address emptied into its payout (by anyone), with the ETH it held. */
export const sweptEvent = parseAbiItem('event Swept(address indexed depositAddress, address indexed payout, bytes32 salt, uint256 ethAmount)');
