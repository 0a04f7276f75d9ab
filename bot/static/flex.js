// Drawing LINE messages (text, Flex bubbles and carousels, button templates) as LINE shows them, for the
// simulator and for the admin's preview of a procedure's bubble. Everything is built with DOM nodes and
// textContent: no HTML from a message is ever interpreted.
"use strict";

const ParuFlex = (() => {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(component, act) {
    const b = el("button", "btn" + (component.style === "primary" ? " primary" : ""), component.action.label);
    b.type = "button";
    if (component.action.type === "uri") b.dataset.uri = component.action.uri;
    b.addEventListener("click", () => act(component.action));
    return b;
  }

  function component(c, act) {
    if (c.type === "text") {
      const t = el("div", "f-text", c.text);
      if (c.weight === "bold") t.classList.add("bold");
      if (c.size === "md" || c.size === "lg") t.classList.add("md");
      if (c.align === "center") t.classList.add("center");
      if (c.color) t.style.color = c.color;
      return t;
    }
    if (c.type === "button") return button(c, act);
    if (c.type === "box") {
      const box = el("div", c.layout === "horizontal" ? "hbox" : "vbox");
      (c.contents || []).forEach((child) => box.appendChild(component(child, act)));
      return box;
    }
    return el("span");
  }

  function bubble(b, act) {
    const card = el("div", "bubble");
    for (const part of ["body", "footer"]) {
      if (!b[part]) continue;
      const box = el("div", part);
      (b[part].contents || []).forEach((c) => box.appendChild(component(c, act)));
      card.appendChild(box);
    }
    return card;
  }

  // One message as a row of the chat.
  function message(m, act) {
    const row = el("div", "row");
    if (m.type === "text") row.appendChild(el("div", "text", m.text));
    else if (m.type === "flex" && m.contents.type === "carousel") {
      const strip = el("div", "carousel");
      m.contents.contents.forEach((b) => strip.appendChild(bubble(b, act)));
      row.appendChild(strip);
    } else if (m.type === "flex") row.appendChild(bubble(m.contents, act));
    else if (m.type === "template") {
      const card = el("div", "bubble");
      const body = el("div", "body");
      body.appendChild(el("div", "f-text", m.template.text));
      const footer = el("div", "footer");
      m.template.actions.forEach((a) => footer.appendChild(button({ action: a }, act)));
      card.append(body, footer);
      row.appendChild(card);
    } else row.appendChild(el("div", "text", m.altText || "[ข้อความ]"));
    return row;
  }

  return { el, message };
})();
