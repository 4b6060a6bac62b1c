// Listener pages: the sermon player (HLS through hls.js where the browser has Media Source
// Extensions, native HLS elsewhere, the progressive file as a last resort), its waveform,
// captions and a transcript that follows the audio; and search hits that play in place.
(function () {
  'use strict';

  function attach(audio) {
    var hls = audio.dataset.hls;
    var progressive = audio.dataset.audio;
    if (window.Hls && window.Hls.isSupported()) {
      // no worker: the page's Content-Security-Policy allows scripts from this site only
      var player = new window.Hls({ enableWorker: false, startPosition: Number(audio.dataset.start) || -1 });
      player.on(window.Hls.Events.ERROR, function (event, data) {
        if (data.fatal) {
          player.destroy();
          audio.src = progressive;
        }
      });
      player.loadSource(hls);
      player.attachMedia(audio);
    } else if (audio.canPlayType('application/vnd.apple.mpegurl')) {
      audio.src = hls;
    } else {
      audio.src = progressive;
    }
  }

  function transcript(audio) {
    var list = document.getElementById('transcript');
    if (!list) {
      return;
    }
    var lines = Array.prototype.slice.call(list.querySelectorAll('li'));
    var starts = lines.map(function (li) { return Number(li.dataset.start); });
    var current = -1;

    function lineAt(time) {
      var lo = 0, hi = starts.length - 1, found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (starts[mid] <= time) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      return found;
    }

    audio.addEventListener('timeupdate', function () {
      var index = lineAt(audio.currentTime);
      if (index === current) {
        return;
      }
      if (current >= 0) {
        lines[current].classList.remove('current');
        lines[current].removeAttribute('aria-current');
      }
      current = index;
      if (current >= 0) {
        var line = lines[current];
        line.classList.add('current');
        line.setAttribute('aria-current', 'true');
        var box = list.getBoundingClientRect();
        var at = line.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) {
          list.scrollTop += at.top - box.top - box.height / 3;
        }
      }
    });

    list.addEventListener('click', function (event) {
      var li = event.target.closest('li');
      if (li) {
        audio.currentTime = Number(li.dataset.start);
        audio.play();
      }
    });
  }

  function captions(audio) {
    var box = document.getElementById('caption');
    var track = audio.textTracks && audio.textTracks[0];
    if (!box || !track) {
      return;
    }
    track.mode = 'hidden';
    track.addEventListener('cuechange', function () {
      var cue = track.activeCues && track.activeCues[0];
      box.textContent = cue ? cue.text.replace(/<[^>]*>/g, '') : '';
    });
  }

  function waveform(audio) {
    var canvas = document.getElementById('waveform');
    if (!canvas || !audio.dataset.peaks) {
      return;
    }
    var peaks = [];
    function draw() {
      var width = canvas.clientWidth;
      var height = canvas.height;
      canvas.width = width;
      var context = canvas.getContext('2d');
      context.clearRect(0, 0, width, height);
      if (!peaks.length) {
        return;
      }
      var played = audio.duration ? audio.currentTime / audio.duration : 0;
      for (var x = 0; x < width; x++) {
        var from = Math.floor(x * peaks.length / width);
        var to = Math.max(from + 1, Math.floor((x + 1) * peaks.length / width));
        var peak = 0;
        for (var i = from; i < to && i < peaks.length; i++) {
          peak = Math.max(peak, peaks[i]);
        }
        var bar = Math.max(1, peak * height);
        context.fillStyle = x / width < played ? '#2a6f97' : '#b7c4cc';
        context.fillRect(x, (height - bar) / 2, 1, bar);
      }
    }
    fetch(audio.dataset.peaks).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (json) {
      peaks = Array.isArray(json) ? json : (json.peaks || []);
      draw();
    }).catch(function () { canvas.hidden = true; });
    audio.addEventListener('timeupdate', draw);
    window.addEventListener('resize', draw);
    canvas.addEventListener('click', function (event) {
      if (audio.duration) {
        var box = canvas.getBoundingClientRect();
        audio.currentTime = (event.clientX - box.left) / box.width * audio.duration;
      }
    });
  }

  function startAt(audio) {
    var start = Number(audio.dataset.start);
    if (!start) {
      return;
    }
    audio.addEventListener('loadedmetadata', function () {
      if (audio.currentTime < start - 1) {
        audio.currentTime = start;
      }
    }, { once: true });
    var played = audio.play();
    if (played && played.catch) {
      played.catch(function () {
        var note = document.getElementById('start-note');
        if (note) {
          note.hidden = false;
        }
      });
    }
  }

  // a shared soundbite (?t=…&end=…) stops at its end, once; playing on is the listener's choice
  function stopAt(audio) {
    var end = Number(audio.dataset.end);
    if (!end) {
      return;
    }
    var stopped = false;
    audio.addEventListener('timeupdate', function () {
      if (!stopped && audio.currentTime >= end) {
        stopped = true;
        audio.pause();
        var note = document.getElementById('clip-note');
        if (note) {
          note.hidden = false;
        }
      }
    });
  }

  // chapter and scripture lists: each time plays from there
  function seekLists(audio) {
    ['chapters', 'passages'].forEach(function (id) {
      var list = document.getElementById(id);
      if (!list) {
        return;
      }
      list.addEventListener('click', function (event) {
        var button = event.target.closest('button[data-start]');
        if (button) {
          audio.currentTime = Number(button.dataset.start);
          audio.play();
        }
      });
    });
  }

  var audio = document.getElementById('player');
  if (audio) {
    attach(audio);
    transcript(audio);
    captions(audio);
    waveform(audio);
    seekLists(audio);
    stopAt(audio);
    startAt(audio);
  }

  var clip = document.getElementById('clip');
  if (clip) {
    document.addEventListener('click', function (event) {
      var button = event.target.closest('button.play-from');
      if (!button) {
        return;
      }
      var start = Number(button.dataset.start);
      if (clip.dataset.source !== button.dataset.audio) {
        clip.dataset.source = button.dataset.audio;
        clip.src = button.dataset.audio;
      }
      var seek = function () { clip.currentTime = start; clip.play(); };
      if (clip.readyState >= 1) { seek(); } else { clip.addEventListener('loadedmetadata', seek, { once: true }); clip.load(); }
    });
  }
})();
