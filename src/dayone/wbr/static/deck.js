// The deck page's PDF: laid out on the server in seconds, so the link says how long it has
// been preparing, then saves the file — instead of a click that seems to do nothing.
(function () {
  "use strict";
  const link = document.getElementById("pdf-link");
  const status = document.getElementById("pdf-status");
  if (!link || !status || !window.fetch) {
    return;
  }
  link.addEventListener("click", async function (event) {
    event.preventDefault();
    if (link.dataset.busy) {
      return;
    }
    link.dataset.busy = "1";
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 100) / 10;
    const tick = () => { status.textContent = "Preparing the PDF… " + Math.floor(seconds()) + " s"; };
    tick();
    const timer = setInterval(tick, 500);
    try {
      const response = await fetch(link.href, {credentials: "same-origin"});
      if (!response.ok) {
        throw new Error("the server answered " + response.status);
      }
      const blob = await response.blob();
      const named = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
      const url = URL.createObjectURL(blob);
      const save = document.createElement("a");
      save.href = url;
      save.download = named ? named[1] : "wbr.pdf";
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = "PDF ready (" + seconds() + " s).";
    } catch (error) {
      status.textContent = "The PDF could not be made (" + error.message + "). Try again.";
    } finally {
      clearInterval(timer);
      delete link.dataset.busy;
    }
  });
})();
