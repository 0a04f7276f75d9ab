// The admin's preview of a procedure's LINE bubble, drawn by the simulator's own renderer (/static/flex.js)
// from the messages the bot would send, embedded in the page as a JSON data block (never as script).
"use strict";

(() => {
  const data = document.getElementById("preview-data");
  const target = document.getElementById("preview");
  if (!data || !target || typeof ParuFlex === "undefined") return;
  const open = (action) => { if (action && action.type === "uri") window.open(action.uri, "_blank", "noopener"); };
  const messages = JSON.parse(data.textContent);
  target.replaceChildren(...messages.map((m) => ParuFlex.message(m, open)));
  target.hidden = false;
  const fallback = document.getElementById("preview-fallback");
  if (fallback) fallback.hidden = true;
})();
