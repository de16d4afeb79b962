// The checkout page's script: copy buttons, the network picker, the countdown and the live
// status, which swaps in the page's new content in place (no reload) when its state changes.
// The page is complete without it; a reload shows the same as this keeps current.
'use strict';

(function () {
  var POLL_MS = 2000;
  var RETRY_MS = 5000;
  var timers = [];

  function later(task, ms) {
    timers.push(setTimeout(task, ms));
  }

  function copyButtons(root) {
    var status = root.querySelector('.copy-status');
    root.querySelectorAll('button[data-copy]').forEach(function (button) {
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
  function networkPicker(root) {
    var select = root.querySelector('#network');
    if (!select || !select.form) return;
    var show = select.form.querySelector('.show-network');
    if (show) show.hidden = true;
    select.addEventListener('change', function () { select.form.submit(); });
  }

  function countdown(root) {
    var time = root.querySelector('time.countdown');
    if (!time) return;
    var ends = Date.parse(time.getAttribute('datetime'));
    var pad = function (n) { return n < 10 ? '0' + n : String(n); };
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var hours = Math.floor(left / 3600);
      var minutes = Math.floor((left % 3600) / 60);
      time.textContent = (hours > 0 ? hours + ':' + pad(minutes) : minutes) + ':' + pad(left % 60);
      // At zero the live status takes over: the server decides what the session is now (a payment seen in time may still settle).
      if (left > 0) later(tick, 1000);
    };
    tick();
  }

  // The paid page goes back to the shop after a few seconds, unless the payer chooses to stay
  // (WCAG 2.2.1: a time limit the user can turn off). Without this script the note stays hidden.
  function redirect(root) {
    var url = root.getAttribute('data-success-url');
    var note = root.querySelector('.redirect-note');
    if (!url || !note) return;
    var timer = setTimeout(function () { window.location.assign(url); }, Number(root.getAttribute('data-redirect-seconds')) * 1000);
    timers.push(timer);
    note.hidden = false;
    note.querySelector('.stay').addEventListener('click', function (event) {
      clearTimeout(timer);
      note.querySelector('.redirect-text').textContent = 'You are staying on this page. Use the button above to return when you are ready.';
      event.currentTarget.remove();
    });
  }

  function start(root) {
    timers.forEach(clearTimeout);
    timers = [];
    copyButtons(root);
    networkPicker(root);
    countdown(root);
    redirect(root);
    // Paid and expired are final: the paid page leaves for the shop, an expired one stays as it is.
    if (['paid', 'expired'].indexOf(root.getAttribute('data-state')) < 0) later(poll, POLL_MS);
  }

  function current() {
    return document.querySelector('.checkout[data-status-url]');
  }

  // Fetches this page again and puts its new content in place of the old, telling screen readers the new status.
  function refresh() {
    fetch(window.location.href, { headers: { accept: 'text/html' }, cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) throw new Error('page ' + response.status);
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html');
        var fresh = next.querySelector('.checkout[data-status-url]');
        var old = current();
        if (!fresh || !old) throw new Error('no checkout in the page');
        old.replaceWith(document.adoptNode(fresh));
        document.title = next.title;
        var announcer = document.getElementById('announcer');
        var status = fresh.querySelector('.status');
        if (announcer && status) announcer.textContent = status.textContent;
        start(fresh);
        document.dispatchEvent(new Event('checkout:updated'));
      })
      .catch(function () { later(refresh, RETRY_MS); });
  }

  // Confirmations are updated in place; anything else the page shows changed means new content.
  function poll() {
    var root = current();
    fetch(root.getAttribute('data-status-url'), { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) throw new Error('status ' + response.status);
        return response.json();
      })
      .then(function (status) {
        if (status.revision !== root.getAttribute('data-revision')) {
          refresh();
          return;
        }
        status.payments.forEach(function (payment) {
          if (!payment.txHash) return;
          var item = root.querySelector('li[data-tx="' + payment.txHash + '"] .progress');
          if (item && item.textContent !== payment.progress) item.textContent = payment.progress;
        });
        later(poll, POLL_MS);
      })
      .catch(function () { later(poll, RETRY_MS); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = current();
    if (root) start(root);
  });
})();
