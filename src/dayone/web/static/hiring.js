// The feedback form saves itself as the interviewer types: a draft only (submitting stays a
// button), and the writing checker's findings on the notes come back with each save.
(function () {
  const form = document.getElementById("feedback-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const list = document.getElementById("feedback-findings");
  let timer = null;

  function fields() {
    const out = {};
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrf_token" && name !== "action") out[name] = String(value);
    }
    return out;
  }

  function show(findings) {
    list.replaceChildren(...findings.map((f) => {
      const item = document.createElement("li");
      item.className = "finding " + f.level;
      item.dataset.code = f.code;
      item.textContent = f.message + (f.suggestion ? " " + f.suggestion : "");
      return item;
    }));
  }

  async function save() {
    timer = null;
    try {
      const response = await fetch(form.dataset.draftUrl, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf},
        body: JSON.stringify(fields()),
      });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = "Not saved: " + body.error.message;
        return;
      }
      status.textContent = "Draft saved at " + new Date(body.saved_at).toLocaleTimeString() + ".";
      status.dataset.saved = body.saved_at;
      show(body.findings);
    } catch (error) {
      status.textContent = "Not saved: the server could not be reached; your text is still here.";
    }
  }

  form.addEventListener("input", () => {
    if (timer) clearTimeout(timer);
    status.textContent = "Saving…";
    timer = setTimeout(save, 700);
  });
})();
