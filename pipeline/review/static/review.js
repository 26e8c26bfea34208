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
  const unescapeText = (s) => s.replace(ENTITY, (m) => (m === "&lt;" ? "<" : "&"));
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
  window.reviewTags = { tokens, unescape: unescapeText, plain: plainText }; // for the tests of the grammar

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
      const close = t.kind === "close" ? "/" : "";
      const chip = el("span", `chip${close ? " close" : ""}${t.kind === "atom" ? " atom" : ""}`, close + t.name);
      chip.title = `${t.text}: ${(tags || {})[t.name] || kind}`;
      node.append(chip);
      if (close) {
        const at = open.lastIndexOf(kind);
        if (at >= 0) open.splice(at, 1);
      } else if (t.kind === "open") open.push(kind);
    }
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
        const row = makeRow(data);
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

  function makeRow(data) {
    const node = el("article", "row");
    node.id = `seg-${data.id}`;
    node.dataset.id = data.id;
    node.tabIndex = -1;
    const fr = el("div", "cell fr");
    fr.lang = "fr";
    const frText = el("div", "text");
    fr.append(frText);
    const en = el("div", "cell en");
    en.lang = "en";
    const enText = el("div", "text view");
    en.append(enText);
    let editor = null;
    if (!READ_ONLY) {
      editor = el("textarea", "editor");
      editor.lang = "en";
      editor.spellcheck = true;
      editor.rows = 2;
      editor.setAttribute("aria-label", "English translation");
      en.append(editor);
    }
    const info = el("footer", "meta");
    const conflict = el("div", "conflict");
    conflict.hidden = true;
    const matches = el("div", "matches");
    matches.hidden = true;
    node.append(fr, en, info, conflict, matches);
    const row = { node, frText, enText, editor, info, conflict, matches, data, saving: null };
    fill(row, data);
    node.addEventListener("click", (event) => {
      // a click on the row edits it, unless it is on a control or ends a text selection (to copy)
      if (event.target.closest("button, textarea, .conflict, .comments") || !window.getSelection().isCollapsed) return;
      select(row, { focus: true });
    });
    if (editor) {
      editor.addEventListener("focus", () => page.current !== row && select(row, { focus: false }));
      editor.addEventListener("input", () => {
        fit(editor);
        node.classList.toggle("dirty", dirty(row));
      });
      editor.addEventListener("change", () => commit(row));
    }
    return row;
  }

  function fill(row, data) {
    row.data = data;
    const { node, frText, enText, editor, info } = row;
    node.className = `row state-${data.state}${flagged(data) ? " flagged" : ""}${
      page.current === row ? " current" : ""
    }`;
    renderText(frText, data.source, data.terms.source, data.tags);
    if (data.target) renderText(enText, data.target, data.terms.target, data.tags);
    else enText.replaceChildren(el("span", "placeholder", "Not translated yet"));
    if (editor && editor.value !== data.target) {
      editor.value = data.target;
      if (page.current === row) fit(editor); // a hidden editor is fitted when selected: no layout per row
    }
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
        revert.title = "Put the machine draft back";
        revert.addEventListener("click", () => revertRow(row));
        actions.append(revert);
      }
      const approve = el("button", "approve", accepted(data.state) ? "Approved ✓" : "Approve");
      approve.type = "button";
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
        restore.title = "Make this the English again (the current English joins the earlier versions)";
        restore.addEventListener("click", () => restoreRow(row, version));
        item.append(restore);
      }
      list.append(item);
    }
    box.append(list);
    return box;
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
    row.editor.value = match.target;
    fit(row.editor);
    row.node.classList.toggle("dirty", dirty(row));
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

  const edited = (d) => Boolean(d.draft && d.target && d.target !== d.draft);
  function matchesMore(data) {
    const [kind, value] = ($("filter-more")?.value || "").split(":");
    if (kind === "state") return data.state === value;
    if (kind === "edited") return edited(data) === (value === "yes");
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
      const response = await fetch(api(path), {
        method,
        headers: { "Content-Type": "application/json", "X-Review-Token": TOKEN },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      if (response.ok) return answer;
      toast(`Not saved: ${answer.error}`, true);
    } catch {
      toast("Not saved: the review server does not answer. Is `pipeline review` still running?", true);
    }
    return null;
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

  const dirty = (row) => row.editor !== null && row.editor.value.trim() !== row.data.target;

  function fit(editor) {
    editor.style.height = "auto";
    editor.style.height = `${editor.scrollHeight + 2}px`;
  }

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
    if (row.editor) fit(row.editor);
    if (focus) {
      const target = row.editor || row.node;
      target.focus({ preventScroll: true });
      if (row.editor) row.editor.setSelectionRange(row.editor.value.length, row.editor.value.length);
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

  async function put(row, target, state) {
    row.node.classList.add("saving");
    try {
      return await send(row, target, state);
    } finally {
      row.node.classList.remove("saving");
    }
  }

  async function send(row, target, state) {
    let response;
    try {
      response = await fetch(api(`/segments/${encodeURIComponent(row.data.id)}`), {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Review-Token": TOKEN },
        body: JSON.stringify({ target, state, revision: row.data.revision, by: reviewer() }),
        credentials: "same-origin",
      });
    } catch {
      toast("Not saved: the review server does not answer. Is `pipeline review` still running?", true);
      return false;
    }
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (response.ok) {
      row.conflict.hidden = true;
      fill(row, body.segment);
      progress();
      row.node.classList.add("saved");
      setTimeout(() => row.node.classList.remove("saved"), 1500);
      return true;
    }
    if (response.status === 409) {
      const theirs = body.segment;
      if (theirs.target === target) return sameText(row, theirs, state);
      showConflict(row, theirs, target, state);
      return false;
    }
    toast(`Not saved: ${body.error || response.statusText}`, true);
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

  function save(row, target, state) {
    // one save at a time per row, in order
    const run = (row.saving || Promise.resolve()).then(() => put(row, target, state));
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
    const target = row.editor.value.trim();
    return save(row, target, editedState(row, target));
  }

  async function approveRow(row) {
    if (READ_ONLY) return;
    const target = row.editor.value.trim();
    if (!target) {
      toast("Nothing to approve: the English is empty.", true);
      return;
    }
    if (row.saving) await row.saving;
    if (!(await save(row, target, "reviewed"))) return;
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
    theirsBox.append(theirsText, keepTheirs);
    const mineBox = el("div", "version mine");
    mineBox.append(el("h3", "", `Your version · ${STATE_LABEL[myState]}`));
    const mineText = el("div", "text");
    renderText(mineText, mine, [], theirs.tags);
    const keepMine = el("button", "keep-mine", "Save my version");
    keepMine.type = "button";
    mineBox.append(mineText, keepMine);
    versions.append(theirsBox, mineBox);
    box.append(versions);
    keepTheirs.addEventListener("click", () => {
      box.hidden = true;
      if (row.editor) row.editor.value = theirs.target;
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
      if (page.current) approveRow(page.current);
    } else if (event.key === "Escape" && page.current?.editor && document.activeElement === page.current.editor) {
      page.current.editor.value = page.current.data.target;
      fit(page.current.editor);
      page.current.node.classList.remove("dirty");
    }
  });
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
      return;
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

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { "X-Review-Token": TOKEN } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  }

  async function start() {
    for (const b of document.querySelectorAll("[data-filter]")) {
      b.addEventListener("click", () => {
        page.filter = b.dataset.filter;
        applyFilter();
      });
    }
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
