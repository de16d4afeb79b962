import type { Address, Hex } from 'viem';

/**
 * A contract-less eth_call (no `to`: the data runs as creation code) that returns the ETH balance
 * of each address appended to it. Multicall3's aggregate3 took 224 bytes of calldata and about 128
 * bytes of answer per address, and encoding, serialising, sending and parsing those (about 1 MB of
 * hex a block with 10,000 sessions open) was a third of the watcher's CPU; this takes 20 bytes and
 * answers 12. BALANCE counts ETH that a contract sent, as getEthBalance did.
 *
 * What creation code returns becomes the new contract's code, which nodes cap at 24,576 bytes
 * (EIP-170): hence 12 bytes (96 bits) a balance, 2,048 a call. Every native coin watched fits
 * with room to spare (ETH's supply is about 2^87 wei, POL's 2^83); a balance that does not makes
 * the call fail rather than come back truncated.
 *
 * The code copies the packed addresses into memory at 0, then for each one writes BALANCE(address)
 * shifted into the top 12 bytes of the word after the last one written (from `length + 32`, clear
 * of the last 32-byte read; each write's 20 zero bytes are covered by the next), and returns those
 * 12-byte balances. Only Constantinople opcodes (SHL, SHR), no PUSH0: it runs on every chain watched.
 */
const BALANCES_CODE = [
  '603f', // PUSH1 63           the code's length: where the addresses start
  '38', //   CODESIZE
  '03', //   SUB                length = CODESIZE − 63                        [len]
  '80', //   DUP1
  '603f', // PUSH1 63
  '6000', // PUSH1 0
  '39', //   CODECOPY           memory[0, len) = the addresses                [len]
  '6020', // PUSH1 32
  '81', //   DUP2
  '01', //   ADD                base = len + 32                               [base len]
  '80', //   DUP1               out = base                                    [out base len]
  '6000', // PUSH1 0            in = 0                                        [in out base len]
  '5b', //   JUMPDEST (0x11)    loop:
  '83', //   DUP4
  '81', //   DUP2
  '10', //   LT
  '15', //   ISZERO
  '6036', // PUSH1 0x36
  '57', //   JUMPI              in ≥ len: done
  '80', //   DUP1
  '51', //   MLOAD
  '6060', // PUSH1 96
  '1c', //   SHR                the 20 bytes at `in`
  '31', //   BALANCE                                                          [balance in out base len]
  '80', //   DUP1
  '6060', // PUSH1 96
  '1c', //   SHR
  '603d', // PUSH1 0x3d
  '57', //   JUMPI              balance ≥ 2^96: fail
  '60a0', // PUSH1 160
  '1b', //   SHL
  '82', //   DUP3
  '52', //   MSTORE             memory[out, out + 12) = balance               [in out base len]
  '6014', // PUSH1 20
  '01', //   ADD                in += 20
  '90', //   SWAP1
  '600c', // PUSH1 12
  '01', //   ADD                out += 12
  '90', //   SWAP1
  '6011', // PUSH1 0x11
  '56', //   JUMP
  '5b', //   JUMPDEST (0x36)    done:                                         [in out base len]
  '90', //   SWAP1
  '82', //   DUP3
  '90', //   SWAP1
  '03', //   SUB                out − base
  '82', //   DUP3
  'f3', //   RETURN             memory[base, out)
  '5b', //   JUMPDEST (0x3d)
  'fe', //   INVALID
].join('');

/** Hex characters of one balance in the answer. */
const BALANCE_HEX = 24;

/** The data of the eth_call reading the balances of `addresses`, in order. */
export function encodeEthBalanceCalls(addresses: readonly Address[]): Hex {
  let data = `0x${BALANCES_CODE}`;
  for (const address of addresses) data += address.slice(2).toLowerCase();
  return data as Hex;
}

/** The balances in the answer for `count` addresses: 12 bytes each; anything else throws. */
export function decodeEthBalanceResults(data: Hex, count: number): bigint[] {
  if (data.length !== 2 + count * BALANCE_HEX) throw new Error(`the balance read answered ${(data.length - 2) / 2} bytes for ${count} addresses`);
  const balances = new Array<bigint>(count);
  for (let i = 0; i < count; i += 1) balances[i] = BigInt(`0x${data.slice(2 + i * BALANCE_HEX, 2 + (i + 1) * BALANCE_HEX)}`);
  return balances;
}
