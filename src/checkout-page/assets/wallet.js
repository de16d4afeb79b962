// "Pay with browser wallet", written on EIP-1193 alone (no wallet SDK, nothing from another
// origin): wallets announce themselves (EIP-6963; else the injected window.ethereum), the payer
// picks one, it connects, switches to the session's chain (EIP-3326) or adds it (EIP-3085) and
// sends exactly the transfer the QR code describes. The live status then follows the payment.
'use strict';

(function () {
  var DISCOVERY_MS = 300;

  function errorCode(error) {
    if (!error) return undefined;
    if (typeof error.code === 'number') {
      // Some wallets wrap "unknown chain" from the switch in a generic error.
      var inner = error.data && error.data.originalError;
      return inner && typeof inner.code === 'number' ? inner.code : error.code;
    }
    return undefined;
  }

  function describe(error) {
    if (errorCode(error) === 4001) return 'You cancelled the request in your wallet. Nothing was sent.';
    var message = error && typeof error.message === 'string' ? error.message : String(error);
    return 'Your wallet could not send the payment: ' + message;
  }

  function setUp(panel) {
    var buttons = panel.querySelector('.wallet-buttons');
    var status = panel.querySelector('.wallet-status');
    var chainId = '0x' + Number(panel.getAttribute('data-chain-id')).toString(16);
    var chainName = panel.getAttribute('data-chain-name');
    var rpcUrl = panel.getAttribute('data-rpc-url');
    var transaction = { to: panel.getAttribute('data-to'), value: panel.getAttribute('data-value') };
    if (panel.getAttribute('data-data')) transaction.data = panel.getAttribute('data-data');
    var wallets = [];
    var busy = false;
    var say = function (message) { status.textContent = message; };

    function onChain(provider) {
      return provider.request({ method: 'eth_chainId' }).then(function (current) {
        if (String(current).toLowerCase() === chainId) return undefined;
        say('Switching your wallet to ' + chainName + '…');
        return provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: chainId }] }).catch(function (error) {
          if (errorCode(error) !== 4902) throw error;
          if (!rpcUrl) throw new Error('your wallet does not know ' + chainName + ' (chain id ' + parseInt(chainId, 16) + '). Add it in your wallet, then try again.');
          say('Adding ' + chainName + ' to your wallet…');
          return provider.request({
            method: 'wallet_addEthereumChain',
            params: [{ chainId: chainId, chainName: chainName, rpcUrls: [rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } }],
          }).then(function () {
            return provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: chainId }] });
          });
        });
      });
    }

    function pay(wallet) {
      if (busy) return;
      busy = true;
      buttons.querySelectorAll('button').forEach(function (button) { button.disabled = true; });
      var provider = wallet.provider;
      say('Connecting to ' + wallet.name + '…');
      provider.request({ method: 'eth_requestAccounts' })
        .then(function (accounts) {
          if (!accounts || accounts.length === 0) throw new Error('no account was shared.');
          return onChain(provider).then(function () {
            say('Confirm the payment in ' + wallet.name + '.');
            var request = { from: accounts[0], to: transaction.to, value: transaction.value };
            if (transaction.data) request.data = transaction.data;
            return provider.request({ method: 'eth_sendTransaction', params: [request] });
          });
        })
        .then(function (hash) {
          say('Payment sent. Transaction ' + hash + '. Waiting for the network to see it; this page updates by itself.');
        })
        .catch(function (error) {
          say(describe(error));
          busy = false;
          buttons.querySelectorAll('button').forEach(function (button) { button.disabled = false; });
        });
    }

    function render() {
      buttons.textContent = '';
      wallets.forEach(function (wallet) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'primary';
        button.textContent = wallets.length === 1 && wallet.fallback ? 'Pay with browser wallet' : 'Pay with ' + wallet.name;
        button.addEventListener('click', function () { pay(wallet); });
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
    window.dispatchEvent(new Event('eip6963:requestProvider'));
    // Wallets from before EIP-6963 only inject window.ethereum.
    setTimeout(function () {
      if (wallets.length === 0 && window.ethereum && typeof window.ethereum.request === 'function') {
        wallets.push({ uuid: 'injected', name: 'your wallet', provider: window.ethereum, fallback: true });
        render();
      }
    }, DISCOVERY_MS);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var panel = document.querySelector('.wallet');
    if (panel) setUp(panel);
  });
})();
