// The checkout page's script: copy buttons, the network picker, the countdown and the live
// status. The page is complete without it; a reload shows the same as this keeps current.
'use strict';

(function () {
  var POLL_MS = 2000;
  var RETRY_MS = 5000;

  function copyButtons() {
    var status = document.querySelector('.copy-status');
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
      var field = document.getElementById(button.getAttribute('data-copy'));
      if (!field) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        var say = function (message) { if (status) status.textContent = message; };
        var label = field.labels && field.labels[0] ? field.labels[0].textContent : 'Value';
        field.select();
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(field.value).then(
            function () { say(label + ' copied.'); },
            function () { say('Press Ctrl+C (or ⌘C) to copy the selected text.'); }
          );
        } else {
          say('Press Ctrl+C (or ⌘C) to copy the selected text.');
        }
      });
    });
  }

  // Choosing a network shows it at once; without JavaScript the Show button does.
  function networkPicker() {
    var select = document.getElementById('network');
    if (!select || !select.form) return;
    var show = select.form.querySelector('.show-network');
    if (show) show.hidden = true;
    select.addEventListener('change', function () { select.form.submit(); });
  }

  function countdown() {
    var time = document.querySelector('time.countdown');
    if (!time) return;
    var ends = Date.parse(time.getAttribute('datetime'));
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var hours = Math.floor(left / 3600);
      var minutes = Math.floor((left % 3600) / 60);
      var seconds = left % 60;
      var pad = function (n) { return n < 10 ? '0' + n : String(n); };
      time.textContent = (hours > 0 ? hours + ':' + pad(minutes) : minutes) + ':' + pad(seconds);
      if (left === 0) {
        clearInterval(timer);
        // The server decides what an overdue session is (a payment seen in time may still settle).
        setTimeout(function () { window.location.reload(); }, 1500);
      }
    };
    var timer = setInterval(tick, 1000);
    tick();
  }

  // Confirmations are updated in place; anything else the page shows changed means a reload.
  function liveStatus() {
    var page = document.querySelector('[data-status-url]');
    // Paid and expired are final: the paid page leaves for the shop, an expired one stays as it is.
    if (!page || ['paid', 'expired'].indexOf(page.getAttribute('data-state')) >= 0) return;
    var url = page.getAttribute('data-status-url');
    var revision = page.getAttribute('data-revision');
    var poll = function () {
      fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'omit' })
        .then(function (response) {
          if (!response.ok) throw new Error('status ' + response.status);
          return response.json();
        })
        .then(function (status) {
          if (status.revision !== revision) {
            window.location.reload();
            return;
          }
          status.payments.forEach(function (payment) {
            if (!payment.txHash) return;
            var item = document.querySelector('li[data-tx="' + payment.txHash + '"] .progress');
            if (item && item.textContent !== payment.progress) item.textContent = payment.progress;
          });
          setTimeout(poll, POLL_MS);
        })
        .catch(function () { setTimeout(poll, RETRY_MS); });
    };
    setTimeout(poll, POLL_MS);
  }

  document.addEventListener('DOMContentLoaded', function () {
    copyButtons();
    networkPicker();
    countdown();
    liveStatus();
  });
})();
