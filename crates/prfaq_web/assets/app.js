// prfaq workspace script. Plain JavaScript, no build step, served from the binary.
//
// On the editor page it checks the text as the author types (300 ms after the last
// keystroke), lists and highlights the findings, renders the preview, saves without a
// page reload, and keeps unsaved text in localStorage so a closed tab, a reload or a
// dropped connection loses nothing. Drafts are kept per user and deleted at sign-out
// (after asking, when there are any), so the next person on the same browser is never
// offered them. Everything the server sends is inserted as text
// (textContent), except the preview, which the server has already made safe.
(function () {
  'use strict';

  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  var userMeta = document.querySelector('meta[name="prfaq-user"]');
  var userId = userMeta ? userMeta.getAttribute('content') : '';

  // ---- drafts belong to the signed-in user ----

  // Every draft key starts with this; a user's drafts with DRAFTS + user id + ':'.
  // (Drafts written before they were kept per user have no user id in their key: they
  // are never offered, and go at the next sign-out.)
  var DRAFTS = 'prfaq:draft:';
  var signingOut = false;

  function draftKeys(prefix) {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) {
          keys.push(key);
        }
      }
    } catch (e) {}
    return keys;
  }

  document.addEventListener('submit', function (event) {
    if (!event.target || event.target.id !== 'signout-form') {
      return;
    }
    var mine = userId ? draftKeys(DRAFTS + userId + ':') : [];
    if (mine.length && !window.confirm(
      'This browser keeps text you have not saved in ' + mine.length +
      (mine.length === 1 ? ' document' : ' documents') +
      '. Signing out deletes it from this browser. Sign out anyway?')) {
      event.preventDefault();
      return;
    }
    signingOut = true;
    var legacy = /^prfaq:draft:[0-9]+$/;
    draftKeys(DRAFTS).forEach(function (key) {
      if (mine.indexOf(key) !== -1 || legacy.test(key)) {
        try {
          window.localStorage.removeItem(key);
        } catch (e) {}
      }
    });
  });

  // Buttons that ask first, and buttons that copy a field.
  document.addEventListener('click', function (event) {
    var ask = event.target.closest('[data-confirm]');
    if (ask && !window.confirm(ask.getAttribute('data-confirm'))) {
      event.preventDefault();
      return;
    }
    var copy = event.target.closest('[data-copy]');
    if (copy) {
      var field = document.getElementById(copy.getAttribute('data-copy'));
      if (field) {
        field.select();
        if (navigator.clipboard) {
          navigator.clipboard.writeText(field.value).catch(function () {});
        }
        copy.textContent = 'Copied';
      }
    }
  });

  // ---- the compare page: side by side or inline, switched without a reload ----

  var views = document.getElementById('diff-views');
  if (views) {
    views.addEventListener('click', function (event) {
      var link = event.target.closest('[data-view]');
      if (!link) {
        return;
      }
      event.preventDefault();
      var view = link.getAttribute('data-view');
      document.getElementById('diff-sides').hidden = view !== 'sides';
      document.getElementById('diff').hidden = view !== 'inline';
      var links = views.querySelectorAll('[data-view]');
      for (var i = 0; i < links.length; i++) {
        if (links[i] === link) {
          links[i].setAttribute('aria-current', 'page');
        } else {
          links[i].removeAttribute('aria-current');
        }
      }
      var field = document.getElementById('diff-view');
      if (field) {
        field.value = view;
      }
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', link.getAttribute('href'));
      }
    });
  }

  // ---- the review page: a passage selected in the document becomes the quote ----

  var reviewDoc = document.getElementById('review-doc');
  var quoteInput = document.getElementById('comment-quote');
  if (reviewDoc && quoteInput) {
    var CONTEXT = 64;
    var takeSelection = function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
        return;
      }
      var range = selection.getRangeAt(0);
      if (!reviewDoc.contains(range.commonAncestorContainer)) {
        return;
      }
      var quote = range.toString();
      if (!quote.trim()) {
        return;
      }
      // The text around the selection, as the reader sees it: the server finds the
      // quote in the Markdown and uses this context to pick among repeats.
      var before = document.createRange();
      before.selectNodeContents(reviewDoc);
      before.setEnd(range.startContainer, range.startOffset);
      var after = document.createRange();
      after.selectNodeContents(reviewDoc);
      after.setStart(range.endContainer, range.endOffset);
      var prefix = before.toString();
      var suffix = after.toString();
      quoteInput.value = quote;
      document.getElementById('comment-prefix').value = prefix.slice(-CONTEXT);
      document.getElementById('comment-suffix').value = suffix.slice(0, CONTEXT);
      var body = document.getElementById('comment-body');
      if (body) {
        body.focus();
      }
    };
    reviewDoc.addEventListener('mouseup', takeSelection);
    reviewDoc.addEventListener('keyup', takeSelection);
  }

  var root = document.getElementById('editor-root');
  var editor = document.getElementById('editor');
  if (!root || !editor) {
    return;
  }

  var docId = root.getAttribute('data-document-id');
  var form = document.getElementById('editor-form');
  var baseInput = document.getElementById('base-revision');
  var noteInput = document.getElementById('note');
  var saveButton = document.getElementById('save');
  var saveStatus = document.getElementById('save-status');
  var findingsList = document.getElementById('findings');
  var noFindings = document.getElementById('no-findings');
  var checkError = document.getElementById('check-error');
  var checkNote = document.getElementById('check-note');
  var counts = document.getElementById('finding-counts');
  var preview = document.getElementById('preview');
  var highlights = document.getElementById('highlights');
  var staleBox = document.getElementById('stale-message');
  var staleText = document.getElementById('stale-text');
  var staleCounts = document.getElementById('stale-counts');
  var staleDiff = document.getElementById('stale-diff');
  var draftBanner = document.getElementById('draft-banner');
  var draftKey = DRAFTS + userId + ':' + docId;

  var findings = readFindingsFromPage();
  // Why the text could not be checked at all (`the file is empty`), as `prfaq check`
  // reports it; null when it was checked.
  var notChecked = checkError && !checkError.hidden ? checkError.textContent : null;
  var dirty = root.getAttribute('data-stale') === 'true';
  var checkTimer = null;
  var draftTimer = null;
  var inFlight = null;
  var saving = false;

  // ---- drafts kept in this browser ----

  function readDraft() {
    try {
      var raw = window.localStorage.getItem(draftKey);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function writeDraft() {
    if (signingOut || !userId) {
      return;
    }
    try {
      window.localStorage.setItem(draftKey, JSON.stringify({
        text: editor.value,
        base: Number(baseInput.value),
        note: noteInput ? noteInput.value : '',
        savedAt: Date.now()
      }));
    } catch (e) {
      // Storage full or disabled: the text is still in the editor.
    }
  }

  function clearDraft() {
    try {
      window.localStorage.removeItem(draftKey);
    } catch (e) {}
  }

  function offerDraft() {
    var draft = readDraft();
    if (!draft || typeof draft.text !== 'string') {
      return;
    }
    if (draft.text === editor.value) {
      clearDraft();
      return;
    }
    var when = new Date(draft.savedAt || Date.now());
    document.getElementById('draft-text').textContent =
      'This browser kept text you had not saved (' + when.toLocaleString() +
      ', edited from revision ' + draft.base + ').';
    draftBanner.hidden = false;
    document.getElementById('draft-restore').addEventListener('click', function () {
      editor.value = draft.text;
      // The draft was edited from its own revision: saving it is checked against that,
      // so a change someone made since is shown, never overwritten.
      if (draft.base) {
        baseInput.value = String(draft.base);
      }
      if (noteInput && draft.note) {
        noteInput.value = draft.note;
      }
      draftBanner.hidden = true;
      dirty = true;
      scheduleCheck(0);
    });
    document.getElementById('draft-discard').addEventListener('click', function () {
      clearDraft();
      draftBanner.hidden = true;
    });
  }

  // ---- checking as the author types ----

  function scheduleCheck(delay) {
    if (checkTimer) {
      clearTimeout(checkTimer);
    }
    checkTimer = setTimeout(runCheck, delay);
  }

  function postJson(url, body, signal) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
      signal: signal
    });
  }

  function runCheck() {
    if (inFlight) {
      inFlight.abort();
    }
    var controller = new AbortController();
    inFlight = controller;
    var text = editor.value;
    var check = postJson('/api/check', { text: text, path: 'document.md' }, controller.signal)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (report) {
        if (!report || controller.signal.aborted) {
          return;
        }
        var file = report.files && report.files[0];
        findings = (file && file.diagnostics) || [];
        notChecked = file && file.error ? 'Not checked: ' + file.error + '.' : null;
        if (checkNote) {
          // For a document not in English: which rules did not run, said once.
          checkNote.textContent = (file && file.note) || '';
          checkNote.hidden = !(file && file.note);
        }
        renderFindings();
        paintHighlights();
      });
    var render = postJson('/api/preview', { text: text }, controller.signal)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && typeof body.html === 'string' && !controller.signal.aborted) {
          // Rendered by the server with every raw HTML tag escaped and unsafe links
          // removed; the Content-Security-Policy forbids inline scripts besides.
          preview.innerHTML = body.html;
        }
      });
    Promise.all([check, render]).catch(function () {
      // Offline or aborted: the previous findings stay until the next check works.
    });
  }

  function readFindingsFromPage() {
    var out = [];
    var items = document.querySelectorAll('#findings [data-code]');
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      out.push({
        code: li.getAttribute('data-code'),
        severity: li.getAttribute('data-severity'),
        line: Number(li.getAttribute('data-line')),
        column: Number(li.getAttribute('data-column')),
        end_line: Number(li.getAttribute('data-end-line')),
        end_column: Number(li.getAttribute('data-end-column'))
      });
    }
    return out;
  }

  // The same order as the page the server draws and `prfaq check`: errors in the text,
  // what the document lacks in one block, then warnings grouped by rule, the repeats of
  // a rule folded under its first finding.
  function groupFindings(list) {
    var errors = [];
    var missing = [];
    var warnings = [];
    var byCode = {};
    list.forEach(function (f) {
      if (f.missing) {
        missing.push(f);
      } else if (f.severity === 'error') {
        errors.push(f);
      } else if (byCode[f.code]) {
        byCode[f.code].push(f);
      } else {
        byCode[f.code] = [f];
        warnings.push(byCode[f.code]);
      }
    });
    // The server sends findings in file order; what is missing, errors first then in
    // the rules' order, which the page carries.
    missing.sort(function (a, b) {
      if (a.severity !== b.severity) {
        return a.severity === 'error' ? -1 : 1;
      }
      return ruleRank(a.code) - ruleRank(b.code);
    });
    return { errors: errors, missing: missing, warnings: warnings };
  }

  var ruleRanks = null;
  function ruleRank(code) {
    if (!ruleRanks) {
      ruleRanks = {};
      var order = (findingsList.getAttribute('data-rule-order') || '').split(' ');
      order.forEach(function (c, i) {
        ruleRanks[c] = i;
      });
    }
    return code in ruleRanks ? ruleRanks[code] : 1e9;
  }

  function findingItem(f) {
    var li = document.createElement('li');
    li.className = 'finding severity-' + f.severity;
    li.setAttribute('data-testid', 'finding');
    li.setAttribute('data-code', f.code);
    li.setAttribute('data-severity', f.severity);
    li.setAttribute('data-line', String(f.line));
    li.setAttribute('data-column', String(f.column));
    li.setAttribute('data-end-line', String(f.end_line));
    li.setAttribute('data-end-column', String(f.end_column));
    var link = document.createElement('a');
    link.className = 'code';
    link.href = '/rules/' + encodeURIComponent(f.code);
    link.target = '_blank';
    link.rel = 'noopener';
    link.setAttribute('data-testid', 'finding-rule');
    link.textContent = f.code;
    li.appendChild(link);
    li.appendChild(span('message', ' ' + f.message + ' '));
    li.appendChild(span('where', 'line ' + f.line));
    if (f.help) {
      li.appendChild(span('help', 'help: ' + f.help));
    }
    return li;
  }

  function groupItem(testid, items) {
    var li = document.createElement('li');
    li.className = 'finding-group';
    li.setAttribute('data-testid', testid);
    var ul = document.createElement('ul');
    items.forEach(function (f) {
      ul.appendChild(findingItem(f));
    });
    return { li: li, ul: ul };
  }

  function renderFindings() {
    while (findingsList.firstChild) {
      findingsList.removeChild(findingsList.firstChild);
    }
    var errors = findings.filter(function (f) { return f.severity === 'error'; }).length;
    var groups = groupFindings(findings);
    groups.errors.forEach(function (f) {
      findingsList.appendChild(findingItem(f));
    });
    if (groups.missing.length) {
      var missing = groupItem('missing-group', groups.missing);
      missing.li.appendChild(span('group-title', 'What is missing'));
      missing.li.appendChild(missing.ul);
      findingsList.appendChild(missing.li);
    }
    groups.warnings.forEach(function (group) {
      findingsList.appendChild(findingItem(group[0]));
      if (group.length > 1) {
        var more = groupItem('finding-more', group.slice(1));
        var details = document.createElement('details');
        var summary = document.createElement('summary');
        summary.textContent = (group.length - 1) + ' more ' + group[0].code;
        details.appendChild(summary);
        details.appendChild(more.ul);
        more.li.appendChild(details);
        findingsList.appendChild(more.li);
      }
    });
    if (checkError) {
      checkError.textContent = notChecked || '';
      checkError.hidden = !notChecked;
    }
    // An unreadable text has no findings because it was not checked, not because it
    // is fine: say the one, not the other.
    noFindings.hidden = findings.length > 0 || !!notChecked;
    counts.textContent = errors + ' errors, ' + (findings.length - errors) + ' warnings';
  }

  function span(cls, text) {
    var s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  }

  // ---- positions: 1-based lines and columns in characters → string offsets ----

  function lineStarts(text) {
    var starts = [0];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 10) {
        starts.push(i + 1);
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) {
          i++;
        }
        starts.push(i + 1);
      }
    }
    return starts;
  }

  function offsetOf(text, starts, line, column) {
    var index = Math.min(Math.max(line - 1, 0), starts.length - 1);
    var offset = starts[index];
    // Columns count Unicode scalar values; JavaScript strings count UTF-16 units.
    for (var n = 1; n < column && offset < text.length; n++) {
      var c = text.charCodeAt(offset);
      if (c === 10 || c === 13) {
        break;
      }
      offset += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    return offset;
  }

  function ranges() {
    var text = editor.value;
    var starts = lineStarts(text);
    var out = findings.map(function (f) {
      var start = offsetOf(text, starts, f.line, f.column);
      var end = offsetOf(text, starts, f.end_line, f.end_column);
      return { start: start, end: Math.max(end, start + 1), severity: f.severity };
    }).filter(function (r) { return r.start < text.length; });
    out.sort(function (a, b) { return a.start - b.start; });
    return out;
  }

  // The highlight layer sits behind the transparent textarea with the same font and
  // wrapping, and marks the text of each finding.
  function paintHighlights() {
    if (!highlights) {
      return;
    }
    var text = editor.value;
    while (highlights.firstChild) {
      highlights.removeChild(highlights.firstChild);
    }
    var at = 0;
    ranges().forEach(function (r) {
      if (r.start < at) {
        return;
      }
      highlights.appendChild(document.createTextNode(text.slice(at, r.start)));
      var mark = document.createElement('mark');
      mark.className = 'severity-' + r.severity;
      mark.textContent = text.slice(r.start, Math.min(r.end, text.length));
      highlights.appendChild(mark);
      at = Math.min(r.end, text.length);
    });
    highlights.appendChild(document.createTextNode(text.slice(at) + '\n '));
    syncLayer();
  }

  function syncLayer() {
    if (!highlights) {
      return;
    }
    highlights.style.width = editor.clientWidth + 'px';
    highlights.style.height = editor.clientHeight + 'px';
    highlights.scrollTop = editor.scrollTop;
  }

  findingsList.addEventListener('click', function (event) {
    if (event.target.closest('a')) {
      return;
    }
    var li = event.target.closest('[data-code]');
    if (!li) {
      return;
    }
    var text = editor.value;
    var starts = lineStarts(text);
    var line = Number(li.getAttribute('data-line'));
    var start = offsetOf(text, starts, line, Number(li.getAttribute('data-column')));
    var end = offsetOf(text, starts, Number(li.getAttribute('data-end-line')),
      Number(li.getAttribute('data-end-column')));
    editor.focus();
    editor.setSelectionRange(start, Math.max(end, start));
    var lineHeight = parseFloat(window.getComputedStyle(editor).lineHeight) || 20;
    editor.scrollTop = Math.max(0, (line - 3) * lineHeight);
    syncLayer();
  });

  // ---- saving ----

  function setStatus(message) {
    saveStatus.textContent = message;
  }

  function words(n) {
    n = n || 0;
    return n + (n === 1 ? ' word' : ' words');
  }

  function showStale(body) {
    var stale = body.stale || {};
    staleText.textContent = (body.error && body.error.message) || 'The document has changed.';
    staleCounts.textContent = 'Since your revision: ' + words(stale.inserted_words) +
      ' added, ' + words(stale.deleted_words) + ' removed.';
    while (staleDiff.firstChild) {
      staleDiff.removeChild(staleDiff.firstChild);
    }
    (stale.changes || []).forEach(function (change) {
      var tag = change.op === 'insert' ? 'ins' : change.op === 'delete' ? 'del' : 'span';
      var el = document.createElement(tag);
      el.textContent = change.text;
      staleDiff.appendChild(el);
    });
    staleBox.hidden = false;
    // The author has now seen what changed: the next save goes on top of it.
    if (stale.current_revision) {
      baseInput.value = String(stale.current_revision);
      writeDraft();
    }
    staleBox.scrollIntoView({ block: 'nearest' });
  }

  // The header names the newest revision's author and time; after a save without a
  // reload they are the save's own, from its answer (the server's clock, in UTC as the
  // page shows it).
  function showRevision(revision) {
    if (!revision) {
      return;
    }
    var author = document.getElementById('revision-author');
    if (author && typeof revision.author_name === 'string') {
      author.textContent = revision.author_name;
    }
    var time = document.getElementById('revision-time');
    if (time && typeof revision.created_at === 'number') {
      var iso = new Date(revision.created_at).toISOString();
      time.setAttribute('datetime', iso.slice(0, 19) + 'Z');
      time.textContent = iso.slice(0, 10) + ' ' + iso.slice(11, 16) + ' UTC';
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (saving) {
      return;
    }
    saving = true;
    saveButton.disabled = true;
    setStatus('Saving…');
    var text = editor.value;
    writeDraft();
    fetch('/api/documents/' + encodeURIComponent(docId), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({
        base_revision: Number(baseInput.value),
        text: text,
        note: noteInput ? noteInput.value : ''
      })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          var number = body.revision && body.revision.number;
          baseInput.value = String(number);
          root.setAttribute('data-revision', String(number));
          var shown = document.getElementById('revision-number');
          if (shown) {
            shown.textContent = String(number);
          }
          showRevision(body.revision);
          if (noteInput) {
            noteInput.value = '';
          }
          staleBox.hidden = true;
          if (editor.value === text) {
            dirty = false;
            clearDraft();
          } else {
            writeDraft();
          }
          setStatus('Saved as revision ' + number + ' at ' + new Date().toLocaleTimeString() + '.');
        } else if (response.status === 409 && body.stale) {
          showStale(body);
          setStatus('Not saved: the document changed. Your text is still here.');
        } else if (response.status === 401) {
          setStatus('Your session has ended. Sign in again in another tab, then save: your text is kept in this browser.');
        } else {
          setStatus('Not saved: ' + ((body.error && body.error.message) || ('error ' + response.status)) +
            ' Your text is kept in this browser.');
        }
      });
    }).catch(function () {
      setStatus('Could not reach the server. Your text is kept in this browser; save again when the connection is back.');
    }).then(function () {
      saving = false;
      saveButton.disabled = false;
    });
  });

  // ---- wiring ----

  editor.addEventListener('input', function () {
    dirty = true;
    if (draftTimer) {
      clearTimeout(draftTimer);
    }
    draftTimer = setTimeout(writeDraft, 150);
    paintHighlights();
    scheduleCheck(300);
  });
  if (noteInput) {
    noteInput.addEventListener('input', function () {
      if (dirty) {
        writeDraft();
      }
    });
  }
  editor.addEventListener('scroll', syncLayer);
  window.addEventListener('resize', syncLayer);
  // The page may be closed at any moment: write the draft now, not after the timer.
  window.addEventListener('pagehide', function () {
    if (dirty) {
      writeDraft();
    }
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && dirty) {
      writeDraft();
    }
  });
  // No "leave this page?" prompt: the draft is already kept and offered back on return.
  window.addEventListener('beforeunload', function () {
    if (dirty) {
      writeDraft();
    }
  });

  if (dirty) {
    // The server showed this page after refusing a save: keep the author's text.
    writeDraft();
  } else {
    offerDraft();
  }
  paintHighlights();
})();

// Customer evidence. On the workspace's evidence page: an export is previewed (its
// first rows and the column mapping, nothing written), then imported with the upload's
// progress, and the feedback searched. Beside a document: each claim with its best
// matches and linked passages, links made with an importance, coverage and EV701.
// Everything the server sends is inserted as text.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (cls) {
      node.className = cls;
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function errorOf(body, status) {
    return body && body.error && body.error.message ? body.error.message : 'The workspace answered ' + status + '.';
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) {
          throw new Error(errorOf(body, r.status));
        }
        return body;
      });
    });
  }

  function sendJson(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (r) {
      if (r.status === 204) {
        return null;
      }
      return r.json().then(function (answer) {
        if (!r.ok) {
          throw new Error(errorOf(answer, r.status));
        }
        return answer;
      });
    });
  }

  function hitItem(hit) {
    var li = el('li', null, 'feedback');
    li.setAttribute('data-feedback-id', hit.id);
    li.appendChild(el('q', hit.text));
    var who = [hit.customer || 'unknown customer', hit.source];
    if (hit.date) {
      who.push(hit.date);
    }
    li.appendChild(el('span', ' — ' + who.join(', '), 'muted'));
    return li;
  }

  var page = document.getElementById('evidence-page');
  if (page) {
    var ws = page.getAttribute('data-workspace-id');
    var fileInput = document.getElementById('evidence-file');
    var previewButton = document.getElementById('evidence-preview');
    var importButton = document.getElementById('evidence-import');
    var progress = document.getElementById('evidence-progress');
    var errorBox = document.getElementById('evidence-error');
    var report = document.getElementById('evidence-report');

    var showError = function (message) {
      errorBox.textContent = message;
      errorBox.hidden = !message;
    };

    var importUrl = function (preview, uploadId) {
      var file = fileInput.files[0];
      var params = ['name=' + encodeURIComponent(file.name)];
      if (uploadId) {
        params.push('upload=' + uploadId);
      }
      var source = document.getElementById('evidence-source').value.trim();
      var map = document.getElementById('evidence-map').value.trim();
      if (source) {
        params.push('source=' + encodeURIComponent(source));
      }
      if (map) {
        params.push('map=' + encodeURIComponent(map));
      }
      if (preview) {
        params.push('preview=true');
      }
      return '/api/workspaces/' + ws + '/evidence/import?' + params.join('&');
    };

    // XMLHttpRequest rather than fetch: its upload reports progress. The server reads
    // the file as it arrives and writes each batch before it takes more, so the bytes
    // sent follow the rows read; once all are sent, the last batch is being written.
    // An import is named by a random id, by which the server tells the rows it has
    // read and written so far; the page asks twice a second until the import ends.
    var progressBox = document.getElementById('evidence-progress-box');
    var progressStatus = document.getElementById('evidence-progress-status');
    var megabytes = function (n) {
      return n < 1048576 ? Math.max(1, Math.round(n / 1024)) + ' KB' : (n / 1048576).toFixed(1) + ' MB';
    };
    var showProgress = function (state, message, fraction) {
      progressBox.hidden = false;
      progressBox.setAttribute('data-state', state);
      progressStatus.setAttribute('data-base', message);
      progressStatus.textContent = message + (state === 'sending' || state === 'writing' ? rowsNote : '');
      if (fraction === null) {
        progress.removeAttribute('value');
      } else {
        progress.value = Math.round(fraction * 100);
      }
    };
    var newUploadId = function () {
      var bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      }).join('');
    };
    var rowsNote = '';
    var follow = function (uploadId) {
      var timer = null;
      var ask = function () {
        getJson('/api/workspaces/' + ws + '/evidence/import/progress?upload=' + uploadId).then(function (p) {
          if (timer === null) {
            return;
          }
          rowsNote = ' ' + p.rows.toLocaleString() + ' rows read, ' + p.written.toLocaleString() + ' written' +
            (p.bad_rows ? ', ' + p.bad_rows.toLocaleString() + ' bad' : '') + '.';
          progressBox.setAttribute('data-rows', p.rows);
          progressBox.setAttribute('data-written', p.written);
          var base = progressStatus.getAttribute('data-base') || '';
          progressStatus.textContent = base + rowsNote;
        }).catch(function () {});
      };
      timer = window.setInterval(ask, 500);
      return function () {
        window.clearInterval(timer);
        timer = null;
      };
    };
    var upload = function (preview, done) {
      var file = fileInput.files[0];
      if (!file) {
        showError('Choose a file first.');
        return;
      }
      showError('');
      var verb = preview ? 'Reading' : 'Importing';
      var uploadId = preview ? null : newUploadId();
      rowsNote = '';
      var stopFollowing = uploadId ? follow(uploadId) : function () {};
      var xhr = new XMLHttpRequest();
      xhr.open('POST', importUrl(preview, uploadId));
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      showProgress('sending', verb + ' ' + file.name + '…', 0);
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable && event.total > 0) {
          showProgress('sending', verb + ' ' + file.name + ': ' + megabytes(event.loaded) + ' of ' + megabytes(event.total) + ' sent and read.', event.loaded / event.total);
        }
      };
      var finished = false;
      xhr.upload.onload = function () {
        if (finished) {
          return;
        }
        showProgress('writing', preview ? 'Reading the first rows…' : 'All of ' + file.name + ' sent; writing the last rows…', null);
      };
      xhr.onload = function () {
        finished = true;
        stopFollowing();
        var body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (e) {
          body = null;
        }
        if (xhr.status !== 200) {
          showProgress('failed', 'Stopped: nothing of the interrupted batch was kept.', 0);
          showError(errorOf(body, xhr.status));
          return;
        }
        if (preview) {
          showProgress('done', 'Preview ready: nothing was written yet.', 1);
        } else {
          showProgress('done', 'Done: ' + body.imported + ' imported, ' + body.duplicates + ' already there, ' + body.bad_row_count + (body.bad_row_count === 1 ? ' bad row' : ' bad rows') + ' skipped.', 1);
        }
        done(body);
      };
      xhr.onerror = function () {
        finished = true;
        stopFollowing();
        showProgress('failed', 'The upload broke off.', 0);
        showError('The upload broke off; nothing of the interrupted batch was kept. Try again: rows already imported are not added twice.');
      };
      xhr.send(file);
    };

    var badList = function (list, rows) {
      clear(list);
      rows.forEach(function (row) {
        list.appendChild(el('li', 'line ' + row.line + ': ' + row.reason));
      });
    };

    fileInput.addEventListener('change', function () {
      importButton.disabled = true;
      progressBox.hidden = true;
      progressBox.setAttribute('data-state', 'idle');
      document.getElementById('evidence-preview-box').hidden = true;
    });

    previewButton.addEventListener('click', function () {
      upload(true, function (body) {
        var mapping = document.getElementById('evidence-mapping');
        clear(mapping);
        body.mapping.forEach(function (pair) {
          mapping.appendChild(el('li', pair.field + ' ← ' + pair.column));
        });
        var tbody = document.querySelector('#evidence-preview-rows tbody');
        clear(tbody);
        body.rows.forEach(function (row) {
          var tr = el('tr');
          var customer = row.customer ? row.customer.value : '';
          var rating = row.rating === null || row.rating === undefined ? '' : row.rating;
          [row.line, row.text, customer, row.date || '', rating].forEach(function (cell) {
            tr.appendChild(el('td', cell));
          });
          tbody.appendChild(tr);
        });
        badList(document.getElementById('evidence-preview-bad'), body.bad_rows);
        document.getElementById('evidence-preview-box').hidden = false;
        importButton.disabled = false;
      });
    });

    importButton.addEventListener('click', function () {
      importButton.disabled = true;
      upload(false, function (body) {
        clear(report);
        report.appendChild(el('p', body.imported + ' imported, ' + body.duplicates + ' already there, ' + body.bad_row_count + ' bad rows skipped (source ' + body.source + ').', 'ok'));
        var bad = el('ul', null, 'muted');
        badList(bad, body.bad_rows);
        report.appendChild(bad);
        report.hidden = false;
      });
    });

    document.getElementById('evidence-search').addEventListener('submit', function (event) {
      event.preventDefault();
      var q = document.getElementById('evidence-q').value;
      var results = document.getElementById('evidence-results');
      getJson('/api/workspaces/' + ws + '/evidence/search?q=' + encodeURIComponent(q)).then(function (body) {
        clear(results);
        if (body.results.length === 0) {
          results.appendChild(el('li', 'No feedback has these words.', 'muted'));
        }
        body.results.forEach(function (hit) {
          results.appendChild(hitItem(hit));
        });
      }).catch(function (e) {
        clear(results);
        results.appendChild(el('li', e.message, 'error'));
      });
    });
  }

  var panel = document.getElementById('evidence-panel');
  if (panel) {
    var doc = panel.getAttribute('data-document-id');
    var canEdit = panel.getAttribute('data-can-edit') === 'true';
    var base = '/api/documents/' + doc + '/evidence';
    var IMPORTANCE = ['important', 'deal-breaker', 'nice-to-have'];

    var linkControls = function (claim, hit) {
      var box = el('span', null, 'link-controls');
      var select = el('select');
      select.setAttribute('aria-label', 'Importance');
      IMPORTANCE.forEach(function (name) {
        var option = el('option', name);
        option.value = name;
        select.appendChild(option);
      });
      var button = el('button', 'Link', 'secondary link-button');
      button.type = 'button';
      button.addEventListener('click', function () {
        button.disabled = true;
        sendJson('POST', base + '/links', {
          claim_kind: claim.kind,
          claim_text: claim.text,
          feedback: hit.id,
          importance: select.value,
        }).then(load).catch(function (e) {
          button.disabled = false;
          document.getElementById('evidence-summary').textContent = e.message;
        });
      });
      box.appendChild(select);
      box.appendChild(button);
      return box;
    };

    // "Use a real quote": the linked passage replaces the quote in a new revision,
    // written on the revision this page read; a changed document is refused and the
    // form keeps what was typed.
    var realQuoteForm = function (link, revision) {
      var form = el('form', null, 'real-quote');
      form.setAttribute('data-testid', 'real-quote');
      form.setAttribute('data-link-id', link.id);
      var field = function (label, input) {
        var wrap = el('label', label + ' ');
        wrap.appendChild(input);
        return wrap;
      };
      var how = el('select');
      how.name = 'attribution';
      [['anonymous', 'anonymised: a customer in…'], ['permission', 'named, with their permission']].forEach(function (pair) {
        var option = el('option', pair[1]);
        option.value = pair[0];
        how.appendChild(option);
      });
      var segment = el('input');
      segment.name = 'segment';
      segment.type = 'text';
      segment.placeholder = 'family grocery';
      var name = el('input');
      name.name = 'name';
      name.type = 'text';
      name.placeholder = 'as they agreed to be quoted';
      var nameLabel = field('Name', name);
      nameLabel.hidden = true;
      how.addEventListener('change', function () {
        nameLabel.hidden = how.value !== 'permission';
      });
      var button = el('button', 'Use a real quote', 'secondary');
      button.type = 'submit';
      var error = el('p', null, 'error');
      error.setAttribute('role', 'alert');
      error.hidden = true;
      form.appendChild(field('Attribution', how));
      form.appendChild(field('Segment', segment));
      form.appendChild(nameLabel);
      form.appendChild(button);
      form.appendChild(error);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        button.disabled = true;
        error.hidden = true;
        var body = { link: link.id, base_revision: revision, attribution: how.value };
        if (segment.value.trim()) {
          body.segment = segment.value;
        }
        if (how.value === 'permission' && name.value.trim()) {
          body.name = name.value;
        }
        sendJson('POST', base + '/real-quote', body).then(function (answer) {
          return load().then(function () {
            var summary = document.getElementById('evidence-summary');
            summary.textContent = 'Revision ' + answer.revision.number + ' quotes the passage. ' + summary.textContent;
          });
        }).catch(function (e) {
          button.disabled = false;
          error.textContent = e.message;
          error.hidden = false;
        });
      });
      return form;
    };

    var render = function (suggested, coverage) {
      var findings = document.getElementById('evidence-findings');
      clear(findings);
      coverage.findings.forEach(function (f) {
        var li = el('li', f.code + ' (line ' + f.line + '): ' + f.message, 'finding');
        li.setAttribute('data-code', f.code);
        findings.appendChild(li);
      });
      document.getElementById('evidence-summary').textContent =
        coverage.claims.length + ' claims, ' + coverage.unsupported + ' supported by no customer.';
      var list = document.getElementById('evidence-claims');
      clear(list);
      suggested.claims.forEach(function (claim, index) {
        var covered = coverage.claims[index] || { customers: 0, links: [] };
        var li = el('li', null, 'claim');
        li.setAttribute('data-kind', claim.kind);
        li.appendChild(el('strong', claim.kind));
        li.appendChild(el('p', claim.text, 'claim-text'));
        var count = el('p', covered.customers === 1 ? '1 customer supports this claim.' : covered.customers + ' customers support this claim.', covered.customers ? 'ok coverage' : 'muted coverage');
        li.appendChild(count);
        var linked = el('ul', null, 'linked');
        covered.links.forEach(function (link) {
          var item = el('li', null, 'linked-passage');
          item.appendChild(el('q', link.quote));
          item.appendChild(el('span', ' — ' + (link.customer || 'unknown customer') + ', ' + link.importance, 'muted'));
          if (canEdit) {
            var unlink = el('button', 'Unlink', 'secondary');
            unlink.type = 'button';
            unlink.addEventListener('click', function () {
              sendJson('DELETE', base + '/links/' + link.id).then(load);
            });
            item.appendChild(unlink);
            if (claim.kind === 'customer-quote') {
              item.appendChild(realQuoteForm(link, coverage.revision));
            }
          }
          linked.appendChild(item);
        });
        li.appendChild(linked);
        var matches = el('ul', null, 'suggestions');
        claim.suggestions.forEach(function (hit) {
          var item = hitItem(hit);
          if (canEdit) {
            item.appendChild(linkControls(claim, hit));
          }
          matches.appendChild(item);
        });
        if (claim.suggestions.length === 0) {
          matches.appendChild(el('li', covered.links.length ? 'No other feedback matches this claim.' : 'No feedback matches this claim.', 'muted'));
        }
        li.appendChild(matches);
        list.appendChild(li);
      });
    };

    var load = function () {
      return Promise.all([getJson(base + '/suggestions'), getJson(base + '/coverage')])
        .then(function (both) {
          render(both[0], both[1]);
        })
        .catch(function (e) {
          document.getElementById('evidence-summary').textContent = e.message;
        });
    };
    load();
  }
})();
