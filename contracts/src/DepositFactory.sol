// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Sweeper} from "./Sweeper.sol";

/// Counterfactual deposit addresses: each is the CREATE2 address of a Sweeper under this factory,
/// with the payout address bound into the salt. Nothing lives at the address while it receives;
/// sweeping deploys the Sweeper, which sends everything to the payout and self-destructs in the
/// same transaction, so the address can receive and be swept again.
contract DepositFactory {
    struct Sweep {
        address payout;
        bytes32 salt;
        address[] tokens;
    }

    event Swept(address indexed depositAddress, address indexed payout, bytes32 salt, uint256 ethAmount);

    error ZeroPayout();

    bytes32 private immutable sweeperCodeHash = keccak256(type(Sweeper).creationCode);

    // The order of the Sweeper under construction, read back by its constructor (EIP-1153), so
    // that its creation code, and with it every deposit address, is independent of the token list.
    address private transient orderPayout;
    uint256 private transient orderTokenCount;
    uint256 private constant ORDER_TOKENS_SLOT = uint256(keccak256("DepositFactory.order.tokens"));

    function depositAddress(address payout, bytes32 salt) public view returns (address) {
        bytes32 hash = keccak256(abi.encodePacked(bytes1(0xff), address(this), _create2Salt(payout, salt), sweeperCodeHash));
        return address(uint160(uint256(hash)));
    }

    /// Anyone may call it: a wrong payout names another (empty) address, never this one's funds.
    function sweep(address payout, bytes32 salt, address[] calldata tokens) external returns (address) {
        return _sweep(payout, salt, tokens);
    }

    function sweepMany(Sweep[] calldata sweeps) external {
        for (uint256 i = 0; i < sweeps.length; ++i) {
            _sweep(sweeps[i].payout, sweeps[i].salt, sweeps[i].tokens);
        }
    }

    /// Called by the Sweeper's constructor.
    function order() external view returns (address payout, address[] memory tokens) {
        payout = orderPayout;
        uint256 count = orderTokenCount;
        tokens = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 slot = ORDER_TOKENS_SLOT + i;
            address token;
            assembly ("memory-safe") {
                token := tload(slot)
            }
            tokens[i] = token;
        }
    }

    function _sweep(address payout, bytes32 salt, address[] calldata tokens) private returns (address deposit) {
        if (payout == address(0)) revert ZeroPayout();
        orderPayout = payout;
        orderTokenCount = tokens.length;
        for (uint256 i = 0; i < tokens.length; ++i) {
            uint256 slot = ORDER_TOKENS_SLOT + i;
            address token = tokens[i];
            assembly ("memory-safe") {
                tstore(slot, token)
            }
        }
        uint256 ethAmount = depositAddress(payout, salt).balance;
        deposit = address(new Sweeper{salt: _create2Salt(payout, salt)}());
        orderPayout = address(0);
        orderTokenCount = 0;
        emit Swept(deposit, payout, salt, ethAmount);
    }

    function _create2Salt(address payout, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(payout, salt));
    }
}
