// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// Sends the ETH it receives on to another address from inside a contract call, as a smart wallet or
/// an exchange's batch payout does: the payment has no transaction of its own to the recipient.
contract EthForwarder {
    error ForwardFailed(address to);

    function forward(address payable to) external payable {
        (bool ok, ) = to.call{value: msg.value}("");
        if (!ok) revert ForwardFailed(to);
    }
}
