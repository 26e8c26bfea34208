// The review page: French and English side by side, post-edit, approve, keyboard loop.
// Every piece of segment text reaches the page through textContent, never innerHTML.
// Without a server (the static export) the same code renders read-only from embedded JSON.
"use strict";
(() => {
  const embedded = document.getElementById("review-data");
  const READ_ONLY = embedded !== null;
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || "";
  // The server's key comes in the URL's fragment, which browsers send to no server (a cookie
  // would go to every port of this host); the tab keeps it for reloads, the address bar drops it.
  function readToken() {
    const given = new URLSearchParams(location.hash.slice(1)).get("token");
    if (given) {
      sessionStorage.setItem("review-token", given);
      history.replaceState(null, "", location.pathname + location.search);
    }
    return given || sessionStorage.getItem("review-token") || "";
  }
  const TOKEN = READ_ONLY ? "" : readToken();
  const STATE_LABEL = {
    untranslated: "untranslated",
    machine: "machine",
    "needs-review": "needs review",
    reviewed: "reviewed",
    approved: "approved",
  };
  const accepted = (state) => state === "reviewed" || state === "approved"; // a person accepted the English

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const page = { doc: "", rows: [], byId: new Map(), current: null, filter: "all", query: "", lemma: new Map() };

  // ---- text: inline tags as chips, glossary terms as marks, entities decoded ----

  // The inline-tag grammar comes from the server (pipeline/core/tags.py), as two patterns;
  // this reader gives the same tokens as the Python one (tests/tags_cases.json).
  const GRAMMAR = JSON.parse(meta("review-tags"));
  const TAG = new RegExp(GRAMMAR.tag, "g");
  const ENTITY = new RegExp(GRAMMAR.entity, "g");
  const ESCAPE = new RegExp(GRAMMAR.escape, "g");
  const unescapeText = (s) => s.replace(ENTITY, (m) => (m === "&lt;" ? "<" : "&"));
  const escapeText = (s) => s.replace(ESCAPE, (m) => (m === "<" ? "&lt;" : "&amp;"));
  const plainText = (s, instead = "") => unescapeText(s.replace(TAG, instead));
  const kindOf = (name) => name.replace(/\d+$/, "");

  // Segment text → tokens {kind: text|open|close|atom, text as written, name, start, end}.
  function tokens(raw) {
    const out = [];
    let last = 0;
    for (const m of raw.matchAll(TAG)) {
      if (m.index > last) out.push({ kind: "text", text: raw.slice(last, m.index), name: "", start: last, end: m.index });
      const [written, close, kind, n, self] = m;
      const what = self ? "atom" : close ? "close" : "open";
      out.push({ kind: what, text: written, name: kind + n, start: m.index, end: m.index + written.length });
      last = m.index + written.length;
    }
    if (last < raw.length) out.push({ kind: "text", text: raw.slice(last), name: "", start: last, end: raw.length });
    return out;
  }

  function chip(t, tags) {
    const close = t.kind === "close" ? "/" : "";
    const node = el("span", `chip${close ? " close" : ""}${t.kind === "atom" ? " atom" : ""}`, close + t.name);
    node.title = `${t.text}: ${(tags || {})[t.name] || kindOf(t.name)}`;
    return node;
  }

  function renderText(node, raw, spans, tags) {
    node.textContent = "";
    spans = (spans || []).slice().sort((a, b) => a.start - b.start);
    const open = []; // kinds of the tags around the current text: <em1>…</em1> reads in italics
    const put = (text) => {
      if (!open.length) return node.append(text);
      node.append(el("span", open.map((k) => `in-${k}`).join(" "), text));
    };
    const plain = (start, end) => {
      let pos = start;
      for (const s of spans) {
        const a = Math.max(s.start, pos);
        const b = Math.min(s.end, end);
        if (b <= a) continue;
        if (a > pos) put(unescapeText(raw.slice(pos, a)));
        const inside = open.map((k) => ` in-${k}`).join("");
        const mark = el("mark", `term${s.ok ? "" : " missing"}${inside}`, unescapeText(raw.slice(a, b)));
        mark.dataset.hint = s.ok ? s.hint : `${s.hint} (not in the English yet)`;
        node.append(mark);
        pos = b;
      }
      if (pos < end) put(unescapeText(raw.slice(pos, end)));
    };
    for (const t of tokens(raw)) {
      if (t.kind === "text") {
        plain(t.start, t.end);
        continue;
      }
      const kind = kindOf(t.name);
      node.append(chip(t, tags));
      if (t.kind === "close") {
        const at = open.lastIndexOf(kind);
        if (at >= 0) open.splice(at, 1);
      } else if (t.kind === "open") open.push(kind);
    }
  }

  // ---- the editor: the English with its tags as chips, which can be moved, inserted and
  // deleted whole but never half-typed; what it holds is always well-formed segment text ----

  function tagChip(t, tags) {
    const node = chip(t, tags);
    node.contentEditable = "false";
    node.dataset.tag = t.text;
    return node;
  }

  // Segment text → nodes: characters as text (a '<' typed stays a '<'), each tag a chip.
  function fragment(raw, tags, allowed = null) {
    const out = document.createDocumentFragment();
    for (const t of tokens(raw)) {
      if (t.kind === "text") out.append(unescapeText(t.text));
      else if (!allowed || allowed.has(t.text)) out.append(tagChip(t, tags));
    }
    return out;
  }

  function setValue(editor, raw, tags) {
    editor.replaceChildren(fragment(raw, tags));
  }

  // What an editor (or a piece of one) holds, as segment text: characters escaped, chips as their tags.
  function valueOf(node) {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += escapeText(child.nodeValue);
      else if (child.dataset?.tag) out += child.dataset.tag;
      else if (child.nodeName === "BR") out += " ";
      else if (child.nodeType === Node.ELEMENT_NODE) out += valueOf(child);
    }
    return out;
  }
  window.reviewTags = { tokens, unescape: unescapeText, plain: plainText, escape: escapeText, value: valueOf, fragment };

  const editorValue = (row) => valueOf(row.editor).trim();
  // A stored text as the editor gives it back (a stray '<' from another tool written '&lt;', as a save does).
  const asEdited = (raw) =>
    tokens(raw)
      .map((t) => (t.kind === "text" ? escapeText(unescapeText(t.text)) : t.text))
      .join("")
      .trim();

  // The caret's range, when it is in this editor.
  function caret(editor) {
    const selection = window.getSelection();
    if (!selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    return editor.contains(range.commonAncestorContainer) ? range : null;
  }

  function placeCaret(range) {
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function caretAtEnd(editor) {
    const range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    placeCaret(range);
  }

  // The source's tags the English lacks, in the source's order (a tag written twice counts twice).
  function missingTags(row) {
    const have = new Map();
    for (const t of tokens(editorValue(row))) if (t.kind !== "text") have.set(t.text, (have.get(t.text) || 0) + 1);
    const out = [];
    for (const t of tokens(row.data.source)) {
      if (t.kind === "text") continue;
      if (have.get(t.text)) have.set(t.text, have.get(t.text) - 1);
      else out.push(t);
    }
    return out;
  }

  // F9, as in memoQ (OmegaT's Ctrl+T): the next missing tag at the caret; with a selection,
  // an opening tag whose closing one is missing too goes around it.
  function insertNextTag(row) {
    const missing = missingTags(row);
    if (!missing.length) {
      toast("Every tag of the French is in the English.");
      return;
    }
    const editor = row.editor;
    let range = caret(editor);
    if (!range) {
      caretAtEnd(editor);
      range = caret(editor);
    }
    const [first] = missing;
    const closing = first.kind === "open" && missing.find((t) => t.kind === "close" && t.name === first.name);
    let last;
    if (!range.collapsed && closing) {
      const inner = range.extractContents();
      last = tagChip(closing, row.data.tags);
      const wrapped = document.createDocumentFragment();
      wrapped.append(tagChip(first, row.data.tags), inner, last);
      range.insertNode(wrapped);
    } else {
      range.collapse(false);
      last = tagChip(first, row.data.tags);
      range.insertNode(last);
    }
    const after = document.createRange();
    after.setStartAfter(last);
    after.collapse(true);
    placeCaret(after);
    edited(row, { step: true });
  }

  // The chip just before (or after) a collapsed caret: Backspace and Delete take it whole.
  function chipBeside(range, backwards) {
    const { startContainer: node, startOffset: offset } = range;
    let next;
    if (node.nodeType === Node.TEXT_NODE) {
      if (backwards ? offset > 0 : offset < node.length) return null;
      next = backwards ? node.previousSibling : node.nextSibling;
    } else next = backwards ? node.childNodes[offset - 1] : node.childNodes[offset];
    while (next && next.nodeType === Node.TEXT_NODE && !next.length) next = backwards ? next.previousSibling : next.nextSibling;
    return next?.dataset?.tag ? next : null;
  }

  function deleteChip(row, event) {
    const range = caret(row.editor);
    const found = range && range.collapsed && chipBeside(range, event.key === "Backspace");
    if (!found) return;
    event.preventDefault();
    const at = document.createRange();
    at.setStartBefore(found);
    found.remove();
    placeCaret(at);
    edited(row, { step: true });
  }

  // Undo and redo are the editor's own: the browser's would undo typing around the chips
  // inserted since and bring back a tag twice. The caret is kept as a count of characters
  // and chips from the start.
  const units = (node) =>
    [...node.childNodes].reduce(
      (n, c) => n + (c.nodeType === Node.TEXT_NODE ? c.length : c.dataset?.tag ? 1 : units(c)),
      0
    );

  function position(editor) {
    const range = caret(editor);
    if (!range) return null;
    const head = document.createRange();
    head.selectNodeContents(editor);
    head.setEnd(range.startContainer, range.startOffset);
    const piece = el("div");
    piece.append(head.cloneContents());
    return units(piece);
  }

  function placeAt(editor, at) {
    let left = at ?? Infinity;
    const range = document.createRange();
    range.setStart(editor, 0);
    for (const child of editor.childNodes) {
      if (left === 0) break;
      if (child.nodeType === Node.TEXT_NODE && left <= child.length) {
        range.setStart(child, left);
        left = 0;
        break;
      }
      left -= child.nodeType === Node.TEXT_NODE ? child.length : 1;
      range.setStartAfter(child);
    }
    range.collapse(true);
    placeCaret(range);
  }

  // What the editor held when it was last filled from the store.
  const setValueOf = (row) => row.filled ?? valueOf(row.editor);

  function undo(row, back) {
    const from = back ? row.past : row.future;
    if (!from.length) return;
    const state = from.pop();
    (back ? row.future : row.past).push({ value: valueOf(row.editor), at: position(row.editor) });
    setValue(row.editor, state.value, row.data.tags);
    placeAt(row.editor, state.at);
    edited(row, { record: false });
  }

  // A piece copied or cut from an editor keeps its tags (as segment text in its own type), so
  // Ctrl+X, Ctrl+V moves a tag; anything else pastes as plain characters.
  const SEGMENT_TYPE = "text/x-pipeline-segment";

  function copyFrom(row, event, cut) {
    const range = caret(row.editor);
    if (!range || range.collapsed) return;
    event.preventDefault();
    const piece = el("div");
    piece.append(range.cloneContents());
    const raw = valueOf(piece);
    event.clipboardData.setData(SEGMENT_TYPE, raw);
    event.clipboardData.setData("text/plain", plainText(raw));
    if (cut) {
      range.deleteContents();
      edited(row, { step: true });
    }
  }

  function pasteInto(row, event) {
    event.preventDefault();
    const raw = event.clipboardData.getData(SEGMENT_TYPE);
    if (!raw) {
      const text = event.clipboardData.getData("text/plain").replace(/\s*[\r\n]+\s*/g, " ");
      document.execCommand("insertText", false, text);
      return;
    }
    const range = caret(row.editor);
    if (!range) return;
    range.deleteContents();
    const source = new Set(tokens(row.data.source).map((t) => t.text)); // another segment's tags mean nothing here
    const nodes = fragment(raw, row.data.tags, source);
    const last = nodes.lastChild;
    range.insertNode(nodes);
    if (last) {
      const after = document.createRange();
      after.setStartAfter(last);
      placeCaret(after);
    }
    edited(row, { step: true });
  }

  // English typography as it is typed: "straight" quotes become “curly” ones, ' an apostrophe ’.
  function curled(quote, editor) {
    const range = caret(editor);
    let before = "";
    if (range) {
      const head = document.createRange();
      head.selectNodeContents(editor);
      head.setEnd(range.startContainer, range.startOffset);
      const piece = el("div");
      piece.append(head.cloneContents());
      before = valueOf(piece);
    }
    const last = /<[a-z]+\d+>$/.test(before) ? "" : plainText(before).slice(-1);
    const opening = last === "" || /[\s([{“‘—–/-]/.test(last);
    if (quote === '"') return opening ? "“" : "”";
    return opening ? "‘" : "’";
  }

  const fold = (s) =>
    plainText(s, " ")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase();

  // ---- rows ----

  const needsReview = (r) => !accepted(r.data.state);
  const flagged = (data) => data.flags.length + (data.issues || []).length > 0; // stored flags and QA issues
  const groupLabel = (g) => (g ? g.charAt(0).toUpperCase() + g.slice(1) : "Document");

  // The first rows at once, the rest in slices between frames: a book's 2,000 rows would
  // keep the page blank for seconds. ``done`` runs when every row is there.
  const FIRST_ROWS = 80;
  const MORE_ROWS = 300;
  function build(segments, done = () => {}) {
    const main = $("rows");
    main.textContent = "";
    page.rows = [];
    page.byId.clear();
    page.current = null;
    let section = null;
    let lastGroup = null;
    let at = 0;
    const slice = (count) => {
      for (const end = Math.min(segments.length, at + count); at < end; at++) {
        const data = segments[at];
        if (data.group !== lastGroup || section === null) {
          section = el("section", "group");
          section.append(el("h2", "group-label", groupLabel(data.group)));
          main.append(section);
          lastGroup = data.group;
        }
        const row = makeRow(data, at + 1, segments.length);
        row.section = section;
        section.append(row.node);
        page.rows.push(row);
        page.byId.set(data.id, row);
      }
      if (at < segments.length) {
        // after the next frame is painted (the first rows show at once); a hidden tab has no frames
        const next = () => setTimeout(() => slice(MORE_ROWS), 0);
        if (document.hidden) next();
        else requestAnimationFrame(next);
      }
      else {
        done();
        document.body.dataset.rows = "all"; // every row is on the page (tests, bench/review.py)
        performance.mark("review-all-rows");
      }
    };
    slice(FIRST_ROWS);
    performance.mark("review-first-rows"); // bench/review.py reads it
  }

  function makeRow(data, position, total) {
    const node = el("article", "row");
    node.id = `seg-${data.id}`;
    node.dataset.id = data.id;
    node.tabIndex = -1;
    node.setAttribute("aria-label", `Segment ${position} of ${total}`);
    const fr = el("div", "cell fr");
    fr.lang = "fr";
    const frText = el("div", "text");
    fr.append(frText);
    const en = el("div", "cell en");
    en.lang = "en";
    const enText = el("div", "text view");
    en.append(enText);
    let editor = null;
    let live = null;
    if (!READ_ONLY) {
      editor = el("div", "editor");
      editor.contentEditable = "true";
      editor.lang = "en";
      editor.spellcheck = true;
      editor.setAttribute("role", "textbox");
      editor.setAttribute("aria-label", `English, segment ${position}`);
      live = el("ul", "live-checks");
      live.setAttribute("aria-live", "polite");
      live.setAttribute("aria-label", `Checks of the English as typed, segment ${position}`);
      live.hidden = true;
      en.append(editor, live);
    }
    const info = el("footer", "meta");
    const kept = el("div", "kept");
    kept.hidden = true;
    const conflict = el("div", "conflict");
    conflict.hidden = true;
    const matches = el("div", "matches");
    matches.hidden = true;
    node.append(fr, en, info, kept, conflict, matches);
    const row = { node, frText, enText, editor, live, info, kept, conflict, matches, data, position, saving: null };
    row.past = [];
    row.future = [];
    fill(row, data);
    node.addEventListener("click", (event) => {
      // a click on the row edits it, unless it is on a control or ends a text selection (to copy)
      if (event.target.closest("button, textarea, .editor, .conflict, .kept, .comments") || !window.getSelection().isCollapsed) return;
      select(row, { focus: true });
    });
    if (editor) {
      editor.addEventListener("focus", () => page.current !== row && select(row, { focus: false }));
      editor.addEventListener("input", () => edited(row));
      editor.addEventListener("blur", (event) => {
        if (event.relatedTarget?.closest("dialog")) return; // a question about this text: it is still being edited
        if (dirty(row)) commit(row);
      });
      editor.addEventListener("beforeinput", (event) => {
        const type = event.inputType;
        if (type.startsWith("history")) {
          event.preventDefault(); // the menu's undo and redo: the editor's own, as the keys
          undo(row, type === "historyUndo");
        } else if (type.startsWith("format") || type === "insertParagraph" || type === "insertLineBreak") {
          event.preventDefault(); // one line of plain text and tags: no bold, no line breaks
        } else if (type === "insertText" && (event.data === '"' || event.data === "'")) {
          event.preventDefault();
          document.execCommand("insertText", false, curled(event.data, editor));
        }
      });
      editor.addEventListener("keydown", (event) => {
        const key = event.key.toLowerCase();
        if ((event.key === "Backspace" || event.key === "Delete") && !event.ctrlKey && !event.altKey) {
          deleteChip(row, event);
        } else if ((event.ctrlKey || event.metaKey) && (key === "z" || key === "y")) {
          event.preventDefault();
          undo(row, key === "z" && !event.shiftKey);
        }
      });
      editor.addEventListener("copy", (event) => copyFrom(row, event, false));
      editor.addEventListener("cut", (event) => copyFrom(row, event, true));
      editor.addEventListener("paste", (event) => pasteInto(row, event));
      editor.addEventListener("drop", (event) => event.preventDefault()); // tags move by cut and paste
    }
    return row;
  }

  // After every change in an editor: remember it for undo, keep the text in this browser,
  // check it, mark the row. A burst of typing is one undo step; a tag's insertion, deletion or
  // move is one of its own (``step``).
  function edited(row, { step = false, record = true } = {}) {
    const now = { value: valueOf(row.editor), at: position(row.editor) };
    if (record) {
      const before = row.last || { value: setValueOf(row), at: null };
      const pause = Date.now() - (row.lastEdit || 0) > TYPING_PAUSE;
      if (step || row.lastStep || pause || !row.past.length) row.past.push(before);
      row.future = [];
      row.lastEdit = Date.now();
      row.lastStep = step;
    }
    row.last = now;
    row.node.classList.toggle("dirty", dirty(row));
    keep(row);
    clearTimeout(row.checkTimer);
    row.checkTimer = setTimeout(() => checkTyped(row), CHECK_DELAY);
  }

  // ``typing``: the reviewer typed on while it saved, so the editor keeps what is in it.
  function fill(row, data, typing = false) {
    row.data = data;
    const { node, frText, enText, editor, info } = row;
    node.className = `row state-${data.state}${flagged(data) ? " flagged" : ""}${
      page.current === row ? " current" : ""
    }`;
    renderText(frText, data.source, data.terms.source, data.tags);
    if (data.target) renderText(enText, data.target, data.terms.target, data.tags);
    else enText.replaceChildren(el("span", "placeholder", "Not translated yet"));
    if (editor && !typing && valueOf(editor).trim() !== asEdited(data.target)) {
      setValue(editor, data.target, data.tags);
      Object.assign(row, { past: [], future: [], last: null }); // a new text from the store: a new history
    }
    if (editor && !typing) row.filled = valueOf(editor);
    if (row.live && !typing) row.live.hidden = true; // the saved text's issues are in the footer
    info.textContent = "";
    const badge = el("span", `badge ${data.state}`, STATE_LABEL[data.state] || data.state);
    info.append(badge);
    if (data.engine) {
      const engine = el("span", "engine", data.engine);
      engine.title = "what produced this translation";
      info.append(engine);
    }
    info.append(el("span", "where", data.where));
    if (data.by || data.when) info.append(changedBy(data));
    if (flagged(data)) {
      const list = el("ul", "flags");
      for (const f of data.flags) list.append(el("li", "flag", f));
      for (const issue of data.issues) {
        const item = el("li", `flag ${issue.severity}`, `${issue.title}: ${issue.message}`);
        item.title = `QA check "${issue.check}" (${issue.severity})`;
        list.append(item);
      }
      info.append(list);
    }
    if (data.terms.source.length) info.append(hintList(data));
    if (data.source_diff) info.append(diffLine("previous", "The French changed:", data.source_diff, data.tags));
    for (const n of data.notes) info.append(el("div", "note", n));
    if (data.diff) info.append(diffLine("diff", "Edits to the machine draft:", data.diff, data.tags));
    if (data.history.length) info.append(historyList(row, data));
    if (data.comments.length || !READ_ONLY) info.append(commentsBox(row, data));
    if (!READ_ONLY) {
      const actions = el("div", "actions");
      if (data.draft && data.target !== data.draft) {
        const revert = el("button", "revert", "Revert to draft");
        revert.type = "button";
        revert.setAttribute("aria-label", `Revert to draft, segment ${row.position}`);
        revert.title = "Put the machine draft back";
        revert.addEventListener("click", () => revertRow(row));
        actions.append(revert);
      }
      const approve = el("button", "approve", accepted(data.state) ? "Approved ✓" : "Approve");
      approve.type = "button";
      approve.setAttribute("aria-label", `${approve.textContent} segment ${row.position}`);
      approve.title = "Approve and go to the next segment needing review (Ctrl+Enter)";
      approve.addEventListener("click", () => approveRow(row));
      actions.append(approve, ...signOffButtons(row, data));
      info.append(actions);
    }
    node.classList.toggle("dirty", dirty(row));
  }

  // Earlier targets, newest first: a revert or an import never loses a reviewer's English.
  function historyList(row, data) {
    const box = el("details", "history");
    box.append(el("summary", "", `Earlier versions (${data.history.length})`));
    const list = el("ol", "versions-list");
    for (const version of data.history.slice().reverse()) {
      const item = el("li", "earlier");
      const text = el("div", "text");
      renderText(text, version.target, [], data.tags);
      const about = [STATE_LABEL[version.state] || version.state, version.origin, `replaced by ${version.replaced}`];
      if (version.by) about.push(`by ${version.by}`);
      if (version.when) about.push(version.when.replace("T", " ").replace("Z", " UTC"));
      item.append(text, el("div", "about", about.filter(Boolean).join(" · ")));
      if (!READ_ONLY) {
        const restore = el("button", "restore", "Restore");
        restore.type = "button";
        restore.setAttribute("aria-label", `Restore this version, segment ${row.position}`);
        restore.title = "Make this the English again (the current English joins the earlier versions)";
        restore.addEventListener("click", () => restoreRow(row, version));
        item.append(restore);
      }
      list.append(item);
    }
    box.append(list);
    return box;
  }

  // The glossary's English for the French terms, as text: keyboard and screen-reader users get
  // them as the mouse's hover does (shown on the current row).
  function hintList(data) {
    const list = el("ul", "hints");
    list.setAttribute("aria-label", "Glossary");
    for (const term of data.terms.source) {
      list.append(el("li", `hint${term.ok ? "" : " missing"}`, term.ok ? term.hint : `${term.hint}: not in the English yet`));
    }
    return list;
  }

  const shownTime = (when) => when.replace("T", " ").replace(/:\d\dZ$/, " UTC");

  // Who last changed the English or its state, and when.
  function changedBy(data) {
    const parts = [data.by && `by ${data.by}`, data.when && shownTime(data.when)];
    const line = el("span", "changed", parts.filter(Boolean).join(" · "));
    line.title = "who last changed this English or its state";
    return line;
  }

  // The second sign-off, and undoing an approval: the text stays, only the state moves.
  function signOffButtons(row, data) {
    const button = (className, label, title, state) => {
      const b = el("button", className, label);
      b.type = "button";
      b.title = title;
      b.addEventListener("click", async () => {
        if ((await commit(row)) && (await save(row, row.data.target, state))) toast(`Now ${STATE_LABEL[state]}.`);
      });
      return b;
    };
    const before = data.target === data.draft ? "machine" : "needs-review";
    if (data.state === "reviewed") {
      return [
        button("sign-off", "Sign off", "Approve this reviewed English a second time (state approved)", "approved"),
        button("unapprove", "Undo approval", "Back to needing review; the English stays as it is", before),
        ...propagateButton(row, data),
      ];
    }
    if (data.state === "approved") {
      return [
        button("unapprove", "Undo sign-off", "Back to reviewed; the English stays as it is", "reviewed"),
        ...propagateButton(row, data),
      ];
    }
    return [];
  }

  // Reviewers' comments, oldest first; anyone reviewing can add one (the export shows them).
  function commentsBox(row, data) {
    const box = el("section", "comments");
    box.setAttribute("aria-label", `Comments on ${data.where || "this segment"}`);
    const list = el("ul", "comment-list");
    for (const c of data.comments) {
      const item = el("li", "comment", c.text);
      item.append(el("span", "about", [c.by, c.when && shownTime(c.when)].filter(Boolean).join(" · ")));
      list.append(item);
    }
    if (data.comments.length) box.append(list);
    if (READ_ONLY) return box;
    const add = el("details", "add-comment");
    add.append(el("summary", "", "Add a comment"));
    const text = el("textarea", "comment-text");
    text.rows = 2;
    text.setAttribute("aria-label", `Comment on ${data.where || "this segment"}`);
    const send = el("button", "comment-send", "Add comment");
    send.type = "button";
    const post = async () => {
      if (!text.value.trim()) return;
      const body = await call("POST", `/segments/${encodeURIComponent(row.data.id)}/comments`, {
        text: text.value,
        by: reviewer(),
      });
      if (body) fill(row, body.segment);
    };
    send.addEventListener("click", post);
    text.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        event.stopPropagation(); // not the row's approve
        post();
      }
    });
    add.append(text, send);
    box.append(add);
    return box;
  }

  // ---- memory matches, repetitions, concordance ----

  // The closest memory and store matches of the current row, with what differs in their
  // French; Alt+1…3 puts a match's English in the editor.
  async function showMatches(row) {
    const box = row.matches;
    let body;
    try {
      body = await getJSON(api(`/segments/${encodeURIComponent(row.data.id)}/matches`));
    } catch {
      return;
    }
    row.found = body.matches;
    box.textContent = "";
    box.hidden = page.current !== row || !body.matches.length;
    if (box.hidden) return;
    box.append(el("h3", "", "Memory matches (Alt+1…3 to use)"));
    const list = el("ol", "match-list");
    for (const m of body.matches) {
      const item = el("li", "match");
      item.append(el("span", "score", `${m.score}%`), " ", el("span", "engine", m.origin), " ");
      const text = el("span", "text");
      renderText(text, m.target, [], row.data.tags);
      item.append(text, diffLine("match-diff", "French:", m.source_diff, row.data.tags));
      list.append(item);
    }
    box.append(list);
  }

  function useMatch(n) {
    const row = page.current;
    const match = row?.found?.[n];
    if (!row?.editor || !match) return;
    setValue(row.editor, match.target, row.data.tags);
    edited(row, { step: true }); // one step to undo, like a paste
    row.editor.focus();
  }

  function propagateButton(row, data) {
    if (!data.repeats) return [];
    const b = el("button", "propagate", `Use for ${data.repeats} repetition${data.repeats > 1 ? "s" : ""}`);
    b.type = "button";
    b.title = "Give this English to the identical sentences nobody reviewed yet (Alt+R)";
    b.addEventListener("click", () => propagate(row));
    return [b];
  }

  // After an approval: give the English to the exact repetitions, or offer to (--propagate).
  function offerRepetitions(row) {
    if (!row.data.repeats || meta("review-propagate") === "never") return;
    if (meta("review-propagate") === "always") propagate(row);
    else {
      page.offer = row;
      toast(`${row.data.repeats} identical sentence(s): Alt+R gives them this English.`);
    }
  }

  async function propagate(row) {
    const body = await call("POST", `/segments/${encodeURIComponent(row.data.id)}/propagate`, { by: reviewer() });
    if (!body) return;
    for (const fresh of body.segments) {
      const other = page.byId.get(fresh.id);
      if (other && !dirty(other)) fill(other, fresh);
    }
    progress();
    toast(`${body.segments.length} identical sentence(s) now have this English.`);
  }

  async function concordance(query) {
    const box = $("concordance-results");
    box.textContent = "";
    let body;
    try {
      body = await getJSON(`/api/concordance?q=${encodeURIComponent(query)}`);
    } catch (err) {
      box.append(el("p", "", err.message));
      box.hidden = false;
      return;
    }
    box.append(el("h2", "", `Concordance: ${body.hits.length} for “${query}” (Esc closes)`));
    const list = el("ul", "hits");
    for (const hit of body.hits) {
      const item = el("li", "hit");
      const fr = el("span", "text");
      fr.lang = "fr";
      renderText(fr, hit.source, [], {});
      const en = el("span", "text");
      en.lang = "en";
      renderText(en, hit.target || "", [], {});
      item.append(el("span", "where", [hit.document, hit.where].filter(Boolean).join(" · ")), fr, en);
      list.append(item);
    }
    box.append(list);
    box.hidden = false;
  }

  function startMemory() {
    const input = $("concordance");
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && input.value.trim().length >= 2) concordance(input.value.trim());
      if (event.key === "Escape") $("concordance-results").hidden = true;
    });
    document.addEventListener("keydown", (event) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (["1", "2", "3"].includes(event.key)) {
        event.preventDefault();
        useMatch(Number(event.key) - 1);
      } else if (event.code === "KeyR" && page.offer) {
        event.preventDefault();
        propagate(page.offer);
        page.offer = null;
      }
    });
  }

  // ---- more filters, find & replace, bulk approval ----

  const postEdited = (d) => Boolean(d.draft && d.target && d.target !== d.draft);
  function matchesMore(data) {
    const [kind, value] = ($("filter-more")?.value || "").split(":");
    if (kind === "state") return data.state === value;
    if (kind === "edited") return postEdited(data) === (value === "yes");
    if (kind === "engine") return data.engine === value;
    if (kind === "check") return (data.issues || []).some((i) => i.check === value);
    return true;
  }

  // The filter menu: every state, edited or not, and the engines and checks the rows have.
  function fillFilterMenu() {
    const menu = $("filter-more");
    const add = (value, label) => menu.append(new Option(label, value));
    for (const state of Object.keys(STATE_LABEL)) add(`state:${state}`, `State: ${STATE_LABEL[state]}`);
    add("edited:yes", "Edited by a reviewer");
    add("edited:no", "Not edited");
    for (const engine of new Set(page.rows.map((r) => r.data.engine).filter(Boolean))) add(`engine:${engine}`, `Engine: ${engine}`);
    const checks = new Map(page.rows.flatMap((r) => (r.data.issues || []).map((i) => [i.check, i.title])));
    for (const [check, title] of checks) add(`check:${check}`, `Check: ${title}`);
    menu.addEventListener("change", applyFilter);
  }

  async function replaceAll(apply) {
    const body = {
      find: $("find").value,
      replace: $("replace-with").value,
      regex: $("regex").checked,
      ids: visible().map((r) => r.data.id),
      apply,
      by: reviewer(),
    };
    const answer = await call("POST", "/replace", body);
    if (!answer) return;
    const list = $("replace-list");
    list.textContent = "";
    if (apply) {
      for (const fresh of answer.segments) fill(page.byId.get(fresh.id), fresh);
      progress();
      toast(`${answer.count} segment(s) changed.`);
      return;
    }
    for (const change of answer.preview) {
      const item = el("li", "change");
      item.append(diffLine("replace-diff", `${change.where}:`, wordDiff(change.before, change.after), {}));
      list.append(item);
    }
    list.append(el("li", "count", `${answer.count} segment(s) would change.`));
  }

  // A word diff for the preview, as the server makes them (words kept, removed, added).
  function wordDiff(before, after) {
    const a = before.split(/(\s+)/);
    const b = after.split(/(\s+)/);
    let start = 0;
    while (start < a.length && a[start] === b[start]) start++;
    let end = 0;
    while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
    return [
      ["=", a.slice(0, start).join("")],
      ["-", a.slice(start, a.length - end).join("")],
      ["+", b.slice(start, b.length - end).join("")],
      ["=", a.slice(a.length - end).join("")],
    ].filter(([, text]) => text);
  }

  async function approveShown() {
    const ids = visible()
      .filter((r) => needsReview(r) && r.data.target)
      .map((r) => r.data.id);
    if (!ids.length) return toast("No row shown needs approving.");
    if (!(await ask(`Approve the ${ids.length} row(s) shown as they are?`, "Approve them", "Cancel"))) return;
    const answer = await call("POST", "/approve", { ids, by: reviewer() });
    if (!answer) return;
    for (const fresh of answer.segments) fill(page.byId.get(fresh.id), fresh);
    progress();
    toast(`${answer.count} row(s) approved.`);
  }

  // ---- search by lemma, hits highlighted ----

  // The server finds the rows whose words have the query's lemmas ("ouvrira" → "ouvre");
  // the page highlights those words and the plain matches (CSS highlights: no DOM change).
  let lemmaTimer = null;
  function startLemmaSearch() {
    $("search").addEventListener("input", () => {
      clearTimeout(lemmaTimer);
      const query = page.query.trim();
      page.lemma = new Map();
      if (query.length < 3) return;
      lemmaTimer = setTimeout(async () => {
        try {
          const body = await getJSON(api(`/search?q=${encodeURIComponent(query)}`));
          if (page.query.trim() !== query) return;
          page.lemma = new Map(Object.entries(body.hits));
          applyFilter();
        } catch {
          // the plain search still works
        }
      }, 250);
    });
  }

  function highlightHits() {
    if (!window.CSS?.highlights) return;
    CSS.highlights.delete("search-hit");
    const q = fold(page.query.trim());
    if (!q) return;
    const ranges = [];
    for (const r of visible().slice(0, 300)) {
      const words = (page.lemma.get(r.data.id) || []).map(fold);
      for (const node of [r.frText, r.enText]) {
        const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
          const folded = fold(text.data);
          if (folded.length !== text.data.length) continue; // a letter that folds to two: not worth the risk
          for (const word of [q, ...words]) {
            for (let at = folded.indexOf(word); word && at >= 0; at = folded.indexOf(word, at + word.length)) {
              const range = new Range();
              range.setStart(text, at);
              range.setEnd(text, at + word.length);
              ranges.push(range);
            }
          }
        }
      }
    }
    CSS.highlights.set("search-hit", new Highlight(...ranges));
  }

  function startReplace() {
    $("replace-preview").addEventListener("click", () => replaceAll(false));
    $("replace-apply").addEventListener("click", () => replaceAll(true));
    $("approve-shown").addEventListener("click", approveShown);
  }

  // A JSON request that is not a segment save; the parsed answer, or null after saying why.
  async function call(method, path, body) {
    try {
      return await getJSON(api(path), {
        method,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (err) {
      const why = err.status ? err.message : "the review server does not answer. Is `pipeline review` still running?";
      toast(`Not saved: ${why}`, true);
      return null;
    }
  }

  // The reviewer's name: the server's (--reviewer, git, login) unless changed in the page.
  const reviewer = () => $("reviewer").value.trim();
  function startReviewer() {
    const box = $("reviewer");
    box.value = localStorage.getItem("review-reviewer") ?? meta("review-reviewer");
    box.addEventListener("change", () => localStorage.setItem("review-reviewer", reviewer()));
  }

  function diffLine(className, label, pieces, tags) {
    const line = el("div", `${className} changes`);
    line.append(el("span", "label", label), " ");
    for (const [op, text] of pieces) {
      const piece = el(op === "+" ? "ins" : op === "-" ? "del" : "span");
      renderText(piece, text, [], tags);
      line.append(piece);
    }
    return line;
  }

  const dirty = (row) => row.editor !== null && editorValue(row) !== asEdited(row.data.target);

  // ---- moving around ----

  const visible = () => page.rows.filter((r) => !r.node.hidden);

  function select(row, { focus = true } = {}) {
    if (page.current && page.current !== row) {
      const left = page.current;
      left.node.classList.remove("current");
      if (dirty(left)) commit(left);
    }
    page.current = row;
    row.node.classList.add("current");
    if (!READ_ONLY) showMatches(row);
    if (focus) {
      const target = row.editor || row.node;
      target.focus({ preventScroll: true });
      if (row.editor) caretAtEnd(row.editor);
    }
    // keep the current row in view, with what comes next below it (the bar is sticky)
    const rect = row.node.getBoundingClientRect();
    const bar = document.querySelector(".bar").getBoundingClientRect().bottom;
    const room = window.innerHeight - bar;
    if (rect.top < bar + 8 || rect.bottom > window.innerHeight - Math.min(200, room / 4)) {
      const offset = rect.height < room / 2 ? room / 3 : 12;
      // absolute, so that a scroll still running from the last move does not shorten this one
      window.scrollTo({ top: window.scrollY + rect.top - bar - offset, behavior: "smooth" });
    }
  }

  async function move(delta) {
    const rows = visible();
    if (!rows.length) return;
    const at = rows.indexOf(page.current);
    const next = at < 0 ? rows[0] : rows[Math.min(rows.length - 1, Math.max(0, at + delta))];
    if (page.current && dirty(page.current) && !(await commit(page.current))) return;
    select(next);
  }

  function nextNeedingReview(from) {
    const rows = visible();
    const start = rows.indexOf(from);
    for (let i = 1; i <= rows.length; i++) {
      const r = rows[(start + i + rows.length) % rows.length];
      if (needsReview(r)) return r;
    }
    return null;
  }

  // ---- saving ----

  const api = (path) => `/api/documents/${encodeURIComponent(page.doc)}${path}`;

  async function put(row, target, state, override) {
    row.node.classList.add("saving");
    try {
      return await send(row, target, state, override);
    } finally {
      row.node.classList.remove("saving");
    }
  }

  async function send(row, target, state, override) {
    let response;
    const body = { target, state, revision: row.data.revision, by: reviewer() };
    if (override) body.override = true;
    const before = row.editor && editorValue(row);
    try {
      response = await fetch(api(`/segments/${encodeURIComponent(row.data.id)}`), {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Review-Token": TOKEN },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch {
      toast("Not saved: the review server does not answer. Your text is kept in this browser.", true);
      unreachable();
      return false;
    }
    const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (response.ok) {
      row.conflict.hidden = true;
      fill(row, answer.segment, row.editor !== null && editorValue(row) !== before);
      if (dirty(row)) keep(row);
      else forget(row);
      progress();
      row.node.classList.add("saved");
      setTimeout(() => row.node.classList.remove("saved"), 1500);
      return true;
    }
    if (response.status === 409) {
      const theirs = answer.segment;
      if (theirs.target === target) return sameText(row, theirs, state);
      showConflict(row, theirs, target, state);
      return false;
    }
    if (response.status === 403) lost(answer.error);
    toast(`Not saved: ${answer.error || response.statusText}`, true);
    return false;
  }

  // Another tab saved this very English: nothing to choose; an approval still goes through.
  function sameText(row, theirs, state) {
    row.data = theirs;
    if (accepted(state) && state !== theirs.state) return send(row, theirs.target, state);
    fill(row, theirs);
    progress();
    return true;
  }

  function save(row, target, state, override = false) {
    // one save at a time per row, in order
    const run = (row.saving || Promise.resolve()).then(() => put(row, target, state, override));
    row.saving = run.finally(() => {
      if (row.saving === run) row.saving = null;
    });
    return run;
  }

  function editedState(row, target) {
    if (!target) return "untranslated";
    if (accepted(row.data.state)) return "reviewed"; // the reviewer's own correction
    return target === row.data.draft ? row.data.state : "needs-review";
  }

  async function commit(row) {
    if (row.saving) await row.saving;
    if (!dirty(row)) return true;
    // a row in conflict waits for the reviewer's choice: leaving its editor must not save it
    // again as a plain edit (that relabelled an approval "needs review")
    if (!row.conflict.hidden) return false;
    const target = editorValue(row);
    return save(row, target, editedState(row, target));
  }

  async function approveRow(row) {
    if (READ_ONLY) return;
    const target = editorValue(row);
    if (!target) {
      toast("Nothing to approve: the English is empty.", true);
      return;
    }
    if (row.saving) await row.saving;
    clearTimeout(row.checkTimer);
    const errors = ((await checkTyped(row)) || []).filter((issue) => issue.severity === "error");
    let override = false;
    if (errors.length) {
      const said = errors.map((issue) => `${issue.title}: ${issue.message}`).join("; ");
      override = await ask(
        `The checks find ${errors.length === 1 ? "an error" : `${errors.length} errors`} in segment ${row.position}: ${said}. ` +
          "Approve it anyway? The override is recorded with the segment.",
        "Approve anyway",
        "Fix it first"
      );
      if (!override) {
        select(row);
        return;
      }
    }
    if (!(await save(row, target, "reviewed", override))) return;
    offerRepetitions(row);
    const next = nextNeedingReview(row);
    if (next) select(next);
    else toast("Every segment is reviewed.");
  }

  async function revertRow(row) {
    if (!row.data.draft) return;
    if (!(await commit(row))) return; // what was typed is saved first, so it is kept too
    const question =
      row.data.state === "reviewed"
        ? "Revert to the machine draft? This English was approved."
        : "Revert to the machine draft?";
    const yes = await ask(
      `${question} It stays under “Earlier versions”, where you can restore it.`,
      "Revert to draft",
      "Keep my English"
    );
    if (!yes) return;
    if (await save(row, row.data.draft, "machine")) {
      toast("Back to the machine draft; your English is under “Earlier versions”.");
    }
  }

  async function restoreRow(row, version) {
    if (!(await commit(row))) return;
    let state = "needs-review";
    if (accepted(version.state)) state = "reviewed";
    else if (version.target === row.data.draft) state = "machine";
    if (await save(row, version.target, state)) toast("Earlier version restored.");
  }

  // A question in the page (a <dialog>: focus stays in it, Esc says no); resolves true for yes.
  function ask(message, yesLabel, noLabel) {
    const dialog = $("confirm");
    $("confirm-text").textContent = message;
    const yes = $("confirm-yes");
    const no = $("confirm-no");
    yes.textContent = yesLabel;
    no.textContent = noLabel;
    const back = document.activeElement;
    return new Promise((resolve) => {
      const answer = (value) => () => dialog.close(value);
      yes.onclick = answer("yes");
      no.onclick = answer("no");
      dialog.addEventListener(
        "close",
        () => {
          resolve(dialog.returnValue === "yes");
          if (back && back.isConnected) back.focus({ preventScroll: true });
        },
        { once: true }
      );
      dialog.returnValue = "";
      dialog.showModal();
      no.focus(); // the safe answer first: Tab reaches the other
    });
  }

  function showConflict(row, theirs, mine, myState) {
    const box = row.conflict;
    box.textContent = "";
    box.hidden = false;
    box.append(
      el(
        "p",
        "conflict-title",
        "This segment changed since you loaded it (another tab, or a pipeline run). Choose the version to keep:"
      )
    );
    const versions = el("div", "versions");
    const theirsBox = el("div", "version theirs");
    theirsBox.append(el("h3", "", `Saved version · ${STATE_LABEL[theirs.state]}`));
    const theirsText = el("div", "text");
    renderText(theirsText, theirs.target, [], theirs.tags);
    const keepTheirs = el("button", "keep-theirs", "Keep saved version");
    keepTheirs.type = "button";
    keepTheirs.setAttribute("aria-label", `Keep saved version, segment ${row.position}`);
    theirsBox.append(theirsText, keepTheirs);
    const mineBox = el("div", "version mine");
    mineBox.append(el("h3", "", `Your version · ${STATE_LABEL[myState]}`));
    const mineText = el("div", "text");
    renderText(mineText, mine, [], theirs.tags);
    const keepMine = el("button", "keep-mine", "Save my version");
    keepMine.type = "button";
    keepMine.setAttribute("aria-label", `Save my version, segment ${row.position}`);
    mineBox.append(mineText, keepMine);
    versions.append(theirsBox, mineBox);
    box.append(versions);
    keepTheirs.addEventListener("click", () => {
      box.hidden = true;
      if (row.editor) setValue(row.editor, theirs.target, theirs.tags);
      forget(row);
      fill(row, theirs);
      progress();
      select(row);
    });
    keepMine.addEventListener("click", async () => {
      row.data = theirs; // save on top of the current revision
      if (await save(row, mine, myState)) select(row);
    });
    row.node.classList.add("has-conflict");
    select(row, { focus: false });
    keepMine.focus();
  }

  // ---- checks as typed: the server runs `pipeline qa`'s checks on the text in the editor ----

  const CHECK_DELAY = 300; // ms after the last keystroke
  const TYPING_PAUSE = 800; // ms without a key that ends an undo step

  // The issues of the text now in the editor (also shown under it); null if it cannot ask.
  async function checkTyped(row) {
    if (!row.editor) return null;
    const target = editorValue(row);
    let answer;
    try {
      answer = await postJSON(api(`/segments/${encodeURIComponent(row.data.id)}/check`), { target });
    } catch {
      return null;
    }
    if (editorValue(row) === target) showChecks(row, answer.issues);
    return answer.issues;
  }

  function showChecks(row, issues) {
    const list = row.live;
    list.textContent = "";
    if (!issues.length) list.append(el("li", "check-ok", "✓ The checks find nothing"));
    for (const issue of issues) {
      const item = el("li", `flag ${issue.severity}`, `${issue.title}: ${issue.message}`);
      item.title = `QA check "${issue.check}" (${issue.severity})`;
      list.append(item);
    }
    list.hidden = !dirty(row) && !issues.length;
  }

  // ---- nothing typed is lost: unsaved text stays in this browser until it is saved ----

  const keptKey = (row) => `pipeline-review:${page.doc}:${row.data.id}`;

  function keep(row) {
    const text = editorValue(row);
    try {
      if (!dirty(row)) localStorage.removeItem(keptKey(row));
      else localStorage.setItem(keptKey(row), JSON.stringify({ text, was: row.data.target, at: new Date().toISOString() }));
    } catch {
      // storage full or refused: the text is still in the page
    }
  }

  function forget(row) {
    try {
      localStorage.removeItem(keptKey(row));
    } catch {
      // nothing kept
    }
  }

  function kept(row) {
    try {
      const found = JSON.parse(localStorage.getItem(keptKey(row)) || "null");
      return found && typeof found.text === "string" && found.text !== asEdited(row.data.target) ? found : null;
    } catch {
      return null;
    }
  }

  // Text typed in an earlier visit and never saved: offered back on its row.
  function offerKept() {
    let n = 0;
    for (const row of page.rows) {
      const found = kept(row);
      if (!found) continue;
      n += 1;
      const box = row.kept;
      box.textContent = "";
      const when = found.at ? ` on ${found.at.slice(0, 16).replace("T", " ")} UTC` : "";
      const changed = found.was !== undefined && found.was !== asEdited(row.data.target);
      const over = changed ? " (the saved English has changed since: putting it back replaces the new one)" : "";
      box.append(el("p", "kept-title", `Unsaved English typed in this browser${when}${over}:`));
      const text = el("div", "text");
      renderText(text, found.text, [], row.data.tags);
      const back = el("button", "put-back", "Put it back");
      back.type = "button";
      back.setAttribute("aria-label", `Put it back, segment ${row.position}`);
      const drop = el("button", "discard", "Discard");
      drop.type = "button";
      drop.setAttribute("aria-label", `Discard it, segment ${row.position}`);
      box.append(text, back, " ", drop);
      box.hidden = false;
      back.addEventListener("click", () => {
        box.hidden = true;
        setValue(row.editor, found.text, row.data.tags);
        select(row);
        edited(row);
      });
      drop.addEventListener("click", () => {
        box.hidden = true;
        forget(row);
      });
    }
    if (n) {
      const banner = $("banner");
      banner.textContent = `${n === 1 ? "One unsaved edit" : `${n} unsaved edits`} from an earlier visit ${
        n === 1 ? "was" : "were"
      } kept in this browser: ${n === 1 ? "it is" : "each is"} offered back on ${n === 1 ? "its" : "their"} row.`;
      banner.hidden = false;
    }
  }

  // The server no longer takes this page's token (a restart, a new run): say what to do.
  function lost(why) {
    const banner = $("banner");
    banner.textContent =
      `The review server no longer accepts this page (${why || "it was restarted"}). Open the address ` +
      "`pipeline review` printed in its terminal: what you typed here is kept in this browser and offered back there.";
    banner.hidden = false;
    banner.classList.add("bad");
  }

  function unreachable() {
    const banner = $("banner");
    banner.textContent =
      "The review server does not answer. What you typed is kept in this browser: start `pipeline review` " +
      "again and open the address it prints.";
    banner.hidden = false;
    banner.classList.add("bad");
  }

  // ---- header: progress, filters, search ----

  function progress() {
    const total = page.rows.length;
    const done = page.rows.filter((r) => accepted(r.data.state)).length;
    $("progress-text").textContent = `${done} of ${total} reviewed`;
    $("progress-fill").style.width = total ? `${(100 * done) / total}%` : "0";
    $("n-todo").textContent = page.rows.filter(needsReview).length;
    $("n-flagged").textContent = page.rows.filter((r) => flagged(r.data)).length;
    $("n-all").textContent = total;
  }

  function applyFilter() {
    const q = fold(page.query.trim());
    let shown = 0;
    for (const r of page.rows) {
      const keep =
        (page.filter === "all" ||
          (page.filter === "todo" && needsReview(r)) ||
          (page.filter === "flagged" && flagged(r.data))) &&
        (!q || fold(r.data.source).includes(q) || fold(r.data.target).includes(q) || page.lemma.has(r.data.id)) &&
        matchesMore(r.data);
      r.node.hidden = !keep;
      shown += keep;
    }
    for (const section of document.querySelectorAll(".group")) {
      section.hidden = !section.querySelector(".row:not([hidden])");
    }
    $("empty").hidden = shown > 0;
    for (const b of document.querySelectorAll("[data-filter]")) {
      b.setAttribute("aria-checked", String(b.dataset.filter === page.filter));
    }
    highlightHits();
  }

  let toastTimer = null;
  function toast(message, bad = false) {
    const t = $("toast");
    t.textContent = message;
    t.className = `toast${bad ? " bad" : ""}`;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (t.hidden = true), bad ? 8000 : 3000);
  }

  // ---- keyboard ----

  document.addEventListener("keydown", (event) => {
    if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      if (page.current && !document.querySelector("dialog[open]")) approveRow(page.current);
    } else if (event.key === "F9" && page.current?.editor && document.activeElement === page.current.editor) {
      event.preventDefault();
      insertNextTag(page.current);
    } else if (event.key === "Escape" && page.current?.editor && document.activeElement === page.current.editor) {
      const row = page.current; // back to the saved English; Ctrl+Z brings the edit back
      setValue(row.editor, row.data.target, row.data.tags);
      caretAtEnd(row.editor);
      edited(row, { step: true });
      row.live.hidden = true;
    } else if (event.key === "F1" || (event.key === "?" && !event.target.closest?.(".editor, input, select"))) {
      event.preventDefault();
      showHelp();
    }
  });

  function showHelp() {
    const help = $("help");
    if (!help.open) help.showModal();
  }
  window.addEventListener("beforeunload", (event) => {
    if (page.rows.some(dirty)) event.preventDefault();
  });

  // ---- start ----

  function show(data) {
    page.doc = data.document;
    $("doc-name").textContent = data.document;
    document.title = `Review · ${data.document}`;
    build(data.segments, () => {
      progress();
      applyFilter();
      if (!READ_ONLY) fillFilterMenu();
    });
    progress();
    if (!data.segments.length) {
      $("empty").textContent = "This document has no segments yet: run `pipeline segment` and `pipeline translate`.";
    }
    const first = page.rows.find(needsReview) || page.rows[0];
    if (first) select(first, { focus: !READ_ONLY });
    if (!READ_ONLY) offerKept();
  }

  // Another tab or a `pipeline translate` run may have changed rows: take their new
  // versions when the reviewer comes back to the page, except rows with unsaved edits.
  async function refresh() {
    if (READ_ONLY || !page.doc || document.hidden) return;
    let data;
    try {
      // only the rows changed since the version this page has (a book's list is megabytes)
      data = await getJSON(api(`/segments?since=${encodeURIComponent(page.version || "")}`));
    } catch {
      return; // said in the banner when the server refuses this page
    }
    page.version = data.version;
    const rows = data.segments || data.changed;
    const resegmented = data.segments
      ? data.segments.map((d) => d.id).join() !== page.rows.map((r) => r.data.id).join()
      : data.resegmented;
    if (resegmented) {
      const banner = $("banner");
      banner.textContent = "The document was segmented again: reload the page to see its new sentences.";
      banner.hidden = false;
    }
    for (const fresh of rows) {
      const row = page.byId.get(fresh.id);
      if (row && fresh.revision !== row.data.revision && !dirty(row) && !row.saving) fill(row, fresh);
    }
    progress();
  }
  document.addEventListener("visibilitychange", refresh);
  window.addEventListener("focus", refresh);

  async function getJSON(url, options = {}) {
    const headers = { "X-Review-Token": TOKEN, ...(options.headers || {}) };
    const response = await fetch(url, { credentials: "same-origin", ...options, headers });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const err = new Error(body.error || `HTTP ${response.status}`);
      err.status = response.status;
      if (response.status === 403) lost(err.message);
      throw err;
    }
    return body;
  }

  const postJSON = (url, body) =>
    getJSON(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  async function start() {
    for (const b of document.querySelectorAll("[data-filter]")) {
      b.addEventListener("click", () => {
        page.filter = b.dataset.filter;
        applyFilter();
      });
    }
    $("help-open").addEventListener("click", showHelp);
    $("help-close").addEventListener("click", () => $("help").close());
    $("search").addEventListener("input", (event) => {
      page.query = event.target.value;
      applyFilter();
    });
    if (READ_ONLY) {
      $("reviewer-box").hidden = true;
      $("concordance").hidden = true;
      $("replace-box").hidden = true;
      $("filter-more").hidden = true;
      const data = JSON.parse(embedded.textContent);
      document.body.classList.add("read-only");
      $("keys").textContent = "Read-only export · Alt+↓/↑ move";
      const banner = $("banner");
      banner.textContent = `Read-only export of ${data.document}, ${data.exported}. To edit, run \`pipeline review ${data.document}\`.`;
      banner.hidden = false;
      show(data);
      return;
    }
    startReviewer();
    startMemory();
    startReplace();
    startLemmaSearch();
    try {
      const listing = await getJSON("/api/documents");
      const names = listing.documents.map((d) => d.name);
      const wanted = new URLSearchParams(location.search).get("doc") || meta("review-doc") || listing.default;
      const doc = names.includes(wanted) ? wanted : names[0];
      const select = $("doc-select");
      if (names.length > 1) {
        for (const name of names) select.append(new Option(name, name, false, name === doc));
        select.hidden = false;
        $("doc-name").hidden = true; // the menu names it
        select.addEventListener("change", () => {
          location.search = `?doc=${encodeURIComponent(select.value)}`;
        });
      }
      page.doc = doc;
      const data = await getJSON(api("/segments"));
      page.version = data.version;
      show(data);
      if (data.warning) {
        $("banner").textContent = data.warning;
        $("banner").hidden = false;
        $("banner").classList.add("bad");
      }
    } catch (err) {
      const banner = $("banner");
      banner.textContent = `Cannot load the segments: ${err.message}`;
      banner.hidden = false;
      banner.classList.add("bad");
    }
  }

  start();
})();
