// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// The part of the Multicall3 interface the chain watcher uses, for chains without the canonical
/// deployment at 0xcA11bde05977b3631167028862bE2a173976CA11 (the local chain, Anvil in tests), where
/// its runtime code is placed at that address. Written from the published ABI: aggregate3,
/// getEthBalance and getBlockNumber have the same selectors, arguments and results.
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    error CallFailed(uint256 index);

    /// Calls each target in order; a failing call whose allowFailure is false reverts the whole batch.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        returnData = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            Call3 calldata call = calls[i];
            (bool success, bytes memory data) = call.target.call(call.callData);
            if (!success && !call.allowFailure) revert CallFailed(i);
            returnData[i] = Result(success, data);
        }
    }

    function getEthBalance(address addr) external view returns (uint256 balance) {
        return addr.balance;
    }

    function getBlockNumber() external view returns (uint256 blockNumber) {
        return block.number;
    }
}
