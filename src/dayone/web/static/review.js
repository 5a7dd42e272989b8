// The review room: a countdown for silent reading, and comments anchored to selected text.
(function () {
  "use strict";
  const box = document.getElementById("review-state");
  const countdown = document.getElementById("countdown");
  if (box && countdown && box.dataset.endsAt) {
    const ends = Date.parse(box.dataset.endsAt);
    const tick = function () {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      countdown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) { window.location.reload(); return; } // reveal everyone's comments
      setTimeout(tick, 1000);
    };
    tick();
  }
  const article = document.getElementById("review-document");
  const quote = document.getElementById("f-quote");
  if (article && quote) {
    article.addEventListener("mouseup", function () {
      const text = String(window.getSelection()).trim();
      if (text) {
        quote.value = text;
        document.getElementById("f-body").focus();
      }
    });
  }
})();
