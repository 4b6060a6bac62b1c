// Console behaviour without a build step: CSRF on htmx requests, times in the viewer's
// time zone, confirmations, select-all boxes and the upload progress bar.
(function () {
  'use strict';

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : null;
  }

  document.addEventListener('htmx:configRequest', function (event) {
    var header = meta('csrf-header');
    var token = meta('csrf-token');
    if (header && token) {
      event.detail.headers[header] = token;
    }
  });

  // a session that expired mid-page: htmx would swap the sign-in page into a fragment
  document.addEventListener('htmx:beforeSwap', function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && /\/login(\?|$)/.test(url)) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });

  var full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  var hour = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

  function localTimes(root) {
    root.querySelectorAll('time[data-local]').forEach(function (element) {
      var at = new Date(element.getAttribute('datetime'));
      if (!isNaN(at)) {
        element.textContent = full.format(at);
        element.title = element.getAttribute('datetime') + ' (UTC)';
      }
    });
    root.querySelectorAll('[data-local-hour]').forEach(function (element) {
      var at = new Date(element.dataset.at);
      if (!isNaN(at)) {
        element.textContent = hour.format(at);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes(document);
    var zone = document.getElementById('time-zone');
    if (zone) {
      zone.textContent = Intl.DateTimeFormat().resolvedOptions().timeZone;
    }
  });
  document.addEventListener('htmx:afterSettle', function (event) { localTimes(event.target); });
  document.addEventListener('htmx:sseMessage', function (event) { localTimes(event.target); });

  document.addEventListener('submit', function (event) {
    var message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  document.addEventListener('change', function (event) {
    var all = event.target.closest('input[data-select-all]');
    if (all) {
      document.querySelectorAll('input[name="' + all.dataset.selectAll + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });

  // uploads: a progress bar, and the size checked before a byte is sent
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('form[data-upload]') || event.defaultPrevented) {
      return;
    }
    var file = form.querySelector('input[type=file]').files[0];
    var limit = Number(form.dataset.maxBytes);
    var status = form.querySelector('.upload-status');
    if (file && limit && file.size > limit) {
      event.preventDefault();
      status.textContent = 'This file is larger than the upload limit of ' + Math.round(limit / 1048576) + ' MB.';
      return;
    }
    event.preventDefault();
    var progress = form.querySelector('progress');
    progress.hidden = false;
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader(meta('csrf-header'), meta('csrf-token'));
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        progress.value = Math.round(100 * e.loaded / e.total);
        status.textContent = 'Uploading… ' + progress.value + '%';
      }
    });
    request.addEventListener('load', function () {
      var reply = {};
      try { reply = JSON.parse(request.responseText); } catch (ignored) { reply = {}; }
      if (request.status < 300 && reply.location) {
        window.location = reply.location;
      } else {
        progress.hidden = true;
        status.textContent = reply.detail || 'The upload failed (' + request.status + ').';
      }
    });
    request.addEventListener('error', function () {
      progress.hidden = true;
      status.textContent = 'The upload was interrupted. Check the connection and try again.';
    });
    form.querySelector('button[type=submit]').disabled = true;
    request.send(new FormData(form));
  });

  // the transcript editor: a line's time plays the audio from there; the text cursor
  // names the word a split starts the second line with
  function clock(seconds) {
    var total = Math.floor(seconds);
    var minutes = Math.floor(total / 60) % 60;
    var hours = Math.floor(total / 3600);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return hours > 0 ? hours + ':' + pad(minutes) + ':' + pad(total % 60) : Math.floor(total / 60) + ':' + pad(total % 60);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.play-line');
    var player = document.getElementById('console-player');
    if (button && player) {
      var start = Number(button.dataset.start);
      var seek = function () { player.currentTime = start; player.play(); };
      if (player.readyState >= 1) { seek(); } else { player.addEventListener('loadedmetadata', seek, { once: true }); player.load(); }
    }
    if (event.target.id === 'soundbite-here' && player) {
      document.getElementById('soundbite-start').value = clock(player.currentTime);
    }
  });

  function markSplit(event) {
    var input = event.target;
    if (!input.matches || !input.matches('.segment-edit input[name=text]')) {
      return;
    }
    var line = input.closest('li');
    var word = line && line.querySelector('.split-word');
    if (!word) {
      return;
    }
    var text = input.value;
    var caret = input.selectionStart;
    var before = text.slice(0, caret).trim();
    var count = before ? before.split(/\s+/).length : 0;
    if (count > 0 && caret < text.length && !/\s/.test(text.charAt(caret)) && !/\s/.test(text.charAt(caret - 1))) {
      count -= 1;
    }
    if (count >= 1) {
      word.value = count + 1;
    }
  }
  document.addEventListener('keyup', markSplit);
  document.addEventListener('click', markSplit);
})();
