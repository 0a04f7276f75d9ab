// The admin's preview of a procedure's LINE bubble, drawn by the simulator's own renderer (/static/flex.js)
// from the messages the bot would send, embedded in the page as a JSON data block (never as script).
"use strict";

(() => {
  if (typeof ParuFlex === "undefined") return;
  const open = (action) => { if (action && action.type === "uri") window.open(action.uri, "_blank", "noopener"); };
  for (const id of ["preview", "preview-en"]) {
    const data = document.getElementById(`${id}-data`);
    const target = document.getElementById(id);
    if (!data || !target) continue;
    const messages = JSON.parse(data.textContent);
    target.replaceChildren(...messages.map((m) => ParuFlex.message(m, open)));
    target.hidden = false;
    const fallback = document.getElementById(`${id}-fallback`);
    if (fallback) fallback.hidden = true;
  }
})();
