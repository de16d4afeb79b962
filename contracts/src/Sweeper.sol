// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface SweepOrder {
    function order() external view returns (address payout, address[] memory tokens);
}

/// Single use: created by DepositFactory at a deposit address, it sends each listed token's whole
/// balance and all ETH to the payout and self-destructs in its constructor. Created and destroyed
/// in one transaction, it leaves no code, nonce or storage behind (EIP-6780).
contract Sweeper {
    error TokenCallFailed(address token);

    constructor() {
        (address payout, address[] memory tokens) = SweepOrder(msg.sender).order();
        for (uint256 i = 0; i < tokens.length; ++i) {
            _transferAll(tokens[i], payout);
        }
        selfdestruct(payable(payout));
    }

    /// Tolerates tokens whose transfer returns nothing (USDT); a call to an address without code
    /// fails on balanceOf's missing return data.
    function _transferAll(address token, address to) private {
        (bool ok, bytes memory data) = token.staticcall(abi.encodeWithSelector(0x70a08231, address(this)));
        if (!ok || data.length < 32) revert TokenCallFailed(token);
        uint256 balance = abi.decode(data, (uint256));
        if (balance == 0) return;
        (ok, data) = token.call(abi.encodeWithSelector(0xa9059cbb, to, balance));
        if (!ok || (data.length != 0 && (data.length < 32 || !abi.decode(data, (bool))))) revert TokenCallFailed(token);
    }
}
