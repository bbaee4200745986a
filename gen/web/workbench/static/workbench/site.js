// Progress of a background job: ask the server every 1.5 s and reload the page when the job ends.
// Without JavaScript the page refreshes itself (a <noscript> refresh), so this is only a nicety.
"use strict";
document.querySelectorAll("[data-poll]").forEach((box) => {
  const bar = box.querySelector("progress");
  const stage = box.querySelector("[data-stage]");
  const count = box.querySelector("[data-count]");
  const tick = async () => {
    try {
      const response = await fetch(box.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        if (status.total) {
          bar.max = status.total;
          bar.value = status.done;
          if (count) count.textContent = `${status.done}/${status.total}`;
        }
        if (stage) stage.textContent = status.stage || status.label;
        if (status.finished) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // The server restarting or the network dropping: keep asking.
    }
    window.setTimeout(tick, 1500);
  };
  window.setTimeout(tick, 1000);
});
