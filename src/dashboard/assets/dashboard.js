// The dashboard's only script: the copy button, and keeping a reload from
// re-posting the form that created a key. Without JavaScript the key stays
// selectable in its read-only field and the button stays hidden.
'use strict';

document.addEventListener('DOMContentLoaded', function () {
  // A page showing a new key answers a POST. Replacing its history entry with
  // the key list turns a reload into a GET of the list: no "resubmit the form?"
  // prompt, and no second key created by accident.
  var once = document.querySelector('[data-shown-once]');
  if (once && window.history.replaceState) window.history.replaceState(null, '', once.getAttribute('data-shown-once'));

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
