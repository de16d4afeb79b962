// "Pay with browser wallet", written on EIP-1193 alone (no wallet SDK, nothing from another
// origin): wallets announce themselves (EIP-6963; else the injected window.ethereum), the payer
// picks one, it connects, switches to the session's chain (EIP-3326) or adds it (EIP-3085) and
// sends exactly the transfer the QR code describes. The live status then follows the payment.
'use strict';

(function () {
  var DISCOVERY_MS = 300;
  var wallets = [];

  function errorCode(error) {
    if (!error || typeof error.code !== 'number') return undefined;
    // Some wallets wrap "unknown chain" from the switch in a generic error.
    var inner = error.data && error.data.originalError;
    return inner && typeof inner.code === 'number' ? inner.code : error.code;
  }

  function describe(error) {
    if (errorCode(error) === 4001) return 'You cancelled the request in your wallet. Nothing was sent.';
    var message = error && typeof error.message === 'string' ? error.message : String(error);
    return 'Your wallet could not send the payment: ' + message;
  }

  /** The transfer of the panel's network, as the page rendered it. */
  function transferOf(panel) {
    var transaction = { to: panel.getAttribute('data-to'), value: panel.getAttribute('data-value') };
    if (panel.getAttribute('data-data')) transaction.data = panel.getAttribute('data-data');
    return {
      chainId: '0x' + Number(panel.getAttribute('data-chain-id')).toString(16),
      chainName: panel.getAttribute('data-chain-name'),
      rpcUrl: panel.getAttribute('data-rpc-url'),
      transaction: transaction,
    };
  }

  function onChain(provider, transfer, say) {
    return provider.request({ method: 'eth_chainId' }).then(function (current) {
      if (String(current).toLowerCase() === transfer.chainId) return undefined;
      say('Switching your wallet to ' + transfer.chainName + '…');
      var switchChain = function () { return provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: transfer.chainId }] }); };
      return switchChain().catch(function (error) {
        if (errorCode(error) !== 4902) throw error;
        if (!transfer.rpcUrl) throw new Error('your wallet does not know ' + transfer.chainName + ' (chain id ' + parseInt(transfer.chainId, 16) + '). Add it in your wallet, then try again.');
        say('Adding ' + transfer.chainName + ' to your wallet…');
        return provider
          .request({
            method: 'wallet_addEthereumChain',
            params: [{ chainId: transfer.chainId, chainName: transfer.chainName, rpcUrls: [transfer.rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } }],
          })
          .then(switchChain);
      });
    });
  }

  function pay(panel, wallet) {
    var buttons = panel.querySelectorAll('.wallet-buttons button');
    var status = panel.querySelector('.wallet-status');
    var say = function (message) { status.textContent = message; };
    var transfer = transferOf(panel);
    var provider = wallet.provider;
    buttons.forEach(function (button) { button.disabled = true; });
    say('Connecting to ' + wallet.name + '…');
    provider
      .request({ method: 'eth_requestAccounts' })
      .then(function (accounts) {
        if (!accounts || accounts.length === 0) throw new Error('no account was shared.');
        return onChain(provider, transfer, say).then(function () {
          say('Confirm the payment in ' + wallet.name + '.');
          var request = { from: accounts[0], to: transfer.transaction.to, value: transfer.transaction.value };
          if (transfer.transaction.data) request.data = transfer.transaction.data;
          return provider.request({ method: 'eth_sendTransaction', params: [request] });
        });
      })
      .then(function (hash) {
        say('Payment sent. Transaction ' + hash + '. Waiting for the network to see it; this page updates by itself.');
      })
      .catch(function (error) {
        say(describe(error));
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  /** Shows one button per wallet found in the page's pay panel (there is none once nothing is to be paid). */
  function render() {
    var panel = document.querySelector('.wallet');
    if (!panel) return;
    var buttons = panel.querySelector('.wallet-buttons');
    buttons.textContent = '';
    wallets.forEach(function (wallet) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'primary';
      button.textContent = wallet.fallback ? 'Pay with browser wallet' : 'Pay with ' + wallet.name;
      button.addEventListener('click', function () { pay(panel, wallet); });
      buttons.appendChild(button);
    });
    panel.hidden = wallets.length === 0;
  }

  window.addEventListener('eip6963:announceProvider', function (event) {
    var detail = event.detail;
    if (!detail || !detail.info || !detail.provider || typeof detail.provider.request !== 'function') return;
    if (wallets.some(function (wallet) { return wallet.uuid === detail.info.uuid; })) return;
    wallets = wallets.filter(function (wallet) { return !wallet.fallback; });
    wallets.push({ uuid: detail.info.uuid, name: String(detail.info.name || 'your wallet'), provider: detail.provider });
    render();
  });

  document.addEventListener('DOMContentLoaded', function () {
    window.dispatchEvent(new Event('eip6963:requestProvider'));
    // Wallets from before EIP-6963 only inject window.ethereum.
    setTimeout(function () {
      if (wallets.length === 0 && window.ethereum && typeof window.ethereum.request === 'function') {
        wallets.push({ uuid: 'injected', name: 'your wallet', provider: window.ethereum, fallback: true });
        render();
      }
    }, DISCOVERY_MS);
    render();
  });
  // The live status put new content in the page: the pay panel, if any, is a new one.
  document.addEventListener('checkout:updated', render);
})();
