// The document editor: checks and preview as you type, from the server's checker.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) return;
  const body = document.getElementById("f-body");
  const list = document.getElementById("live-findings");
  const stats = document.getElementById("live-stats");
  const preview = document.getElementById("preview");
  let timer = null;
  let sequence = 0;

  function item(f) {
    const li = document.createElement("li");
    li.className = "finding " + f.level + (f.priority === "minor" ? " minor" : "");
    li.dataset.code = f.code;
    li.dataset.line = f.line;
    const level = document.createElement("span");
    level.className = "level";
    level.textContent = f.priority === "minor" ? f.level + " (minor)" : f.level;
    const code = document.createElement("code");
    code.textContent = f.code;
    li.append(level, " ", code, " line " + f.line + ": " + f.message);
    if (f.suggestion) {
      const hint = document.createElement("div");
      hint.className = "suggestion";
      hint.textContent = f.suggestion;
      li.append(hint);
    }
    li.addEventListener("click", function () { jump(f.line, f.column, f.end_line, f.end_column); });
    return li;
  }

  // The checker counts columns in code points (an emoji is one, and a byte-order mark is
  // none); the textarea's offsets are UTF-16 units (an emoji is two): walk the line's code
  // points to find the unit offset of a finding's column.
  function offsetOf(line, column) {
    const text = body.value;
    let offset = text.charCodeAt(0) === 0xFEFF ? 1 : 0;
    for (let i = 1; i < line; i++) {
      const next = text.indexOf("\n", offset);
      if (next < 0) return text.length;
      offset = next + 1;
    }
    for (let left = (column || 1) - 1; left > 0 && offset < text.length && text[offset] !== "\n"; left--) {
      offset += text.codePointAt(offset) > 0xFFFF ? 2 : 1;
    }
    return offset;
  }

  function jump(line, column, endLine, endColumn) {
    body.focus();
    body.setSelectionRange(offsetOf(line, column), offsetOf(endLine || line, endColumn || column));
  }

  async function check() {
    const mine = ++sequence;
    const response = await fetch(form.dataset.checkUrl, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf},
      body: JSON.stringify({body: body.value}),
      credentials: "same-origin",
    });
    if (mine !== sequence) return; // a newer check is on its way
    const result = await response.json();
    if (!response.ok) {
      stats.textContent = result.error ? result.error.message : "The check failed.";
      return;
    }
    list.replaceChildren(...result.findings.map(item));
    const pages = result.findings.filter(f => f.code === "page-limit").length;
    stats.textContent = result.findings.length + " finding(s) · " + result.stats.words + " words · reading grade " +
      result.stats.flesch_kincaid_grade + (pages ? " · over the page limit" : "");
    preview.innerHTML = result.preview_html; // sanitized on the server with nh3
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
  check();
})();
