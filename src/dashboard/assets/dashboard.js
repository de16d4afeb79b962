// The copy button: the only script on the dashboard. Without JavaScript the
// key stays selectable in its read-only field and the button stays hidden.
'use strict';

document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.querySelector('.copy-status');
    if (!field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function (message) {
        if (status) status.textContent = message;
      };
      field.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(
          function () { done('Copied.'); },
          function () { done('Press Ctrl+C (or ⌘C) to copy the selected key.'); }
        );
      } else {
        done('Press Ctrl+C (or ⌘C) to copy the selected key.');
      }
    });
  });
});
