// Paru's LINE chat simulator: sends real signed webhooks to /line/webhook and draws the replies Paru sent to the
// built-in fake LINE API, as LINE would show them. Everything is built with DOM nodes and textContent: no HTML
// from a reply is ever interpreted.
"use strict";

const log = document.getElementById("log");
const quick = document.getElementById("quick");
const form = document.getElementById("composer");
const input = document.getElementById("message");
let config = null;

function randomHex(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
}

function ulid() {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let time = Date.now();
  let out = "";
  for (let i = 0; i < 10; i++) { out = alphabet[time % 32] + out; time = Math.floor(time / 32); }
  const rand = new Uint8Array(16);
  crypto.getRandomValues(rand);
  for (let i = 0; i < 16; i++) out += alphabet[rand[i] % 32];
  return out;
}

function userId() {
  let id = localStorage.getItem("paru-simulator-user");
  if (!id) { id = "U" + randomHex(16); localStorage.setItem("paru-simulator-user", id); }
  return id;
}

async function sign(body) {
  if (window.crypto && crypto.subtle) {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(config.channelSecret),
      { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body));
    return btoa(String.fromCharCode(...new Uint8Array(mac)));
  }
  const r = await fetch("/simulator/api/sign", { method: "POST", body });
  return (await r.json()).signature;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scroll() { log.scrollTop = log.scrollHeight; }

function showMine(text) {
  const row = el("div", "row me");
  row.appendChild(el("div", "text", text));
  log.appendChild(row);
  scroll();
}

function showSystem(text) { log.appendChild(el("div", "system", text)); scroll(); }

async function deliver(event) {
  const token = randomHex(16);
  const full = Object.assign({
    webhookEventId: ulid(),
    deliveryContext: { isRedelivery: false },
    timestamp: Date.now(),
    source: { type: "user", userId: userId() },
    replyToken: token,
    mode: "active",
  }, event);
  const body = JSON.stringify({ destination: config.destination, events: [full] });
  const response = await fetch("/line/webhook", {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8", "X-Line-Signature": await sign(body) },
    body,
  });
  if (!response.ok) { showSystem("ส่งไม่สำเร็จ (" + response.status + ")"); return; }
  await waitForReply(token);
}

async function waitForReply(token) {
  const started = Date.now();
  while (Date.now() - started < 10000) {
    const r = await fetch("/fake-line/_fake/replies?token=" + encodeURIComponent(token));
    const data = await r.json();
    if (data.replies.length) { data.replies.forEach((reply) => drawMessages(reply.messages)); return; }
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
}

function act(action) {
  if (!action) return;
  if (action.type === "uri") { window.open(action.uri, "_blank", "noopener"); return; }
  if (action.type === "message") { sendText(action.text); return; }
  if (action.type === "postback") {
    if (action.displayText) showMine(action.displayText);
    quick.replaceChildren();
    deliver({ type: "postback", postback: { data: action.data } });
  }
}

function button(component) {
  const b = el("button", "btn" + (component.style === "primary" ? " primary" : ""), component.action.label);
  b.type = "button";
  if (component.action.type === "uri") b.dataset.uri = component.action.uri;
  b.addEventListener("click", () => act(component.action));
  return b;
}

function drawComponent(c) {
  if (c.type === "text") {
    const t = el("div", "f-text", c.text);
    if (c.weight === "bold") t.classList.add("bold");
    if (c.size === "md" || c.size === "lg") t.classList.add("md");
    if (c.align === "center") t.classList.add("center");
    if (c.color) t.style.color = c.color;
    return t;
  }
  if (c.type === "button") return button(c);
  if (c.type === "box") {
    const box = el("div", c.layout === "horizontal" ? "hbox" : "vbox");
    (c.contents || []).forEach((child) => box.appendChild(drawComponent(child)));
    return box;
  }
  return el("span");
}

function drawBubble(bubble) {
  const card = el("div", "bubble");
  for (const part of ["body", "footer"]) {
    if (!bubble[part]) continue;
    const box = el("div", part);
    (bubble[part].contents || []).forEach((c) => box.appendChild(drawComponent(c)));
    card.appendChild(box);
  }
  return card;
}

function drawMessages(messages) {
  messages.forEach((m) => {
    const row = el("div", "row");
    if (m.type === "text") row.appendChild(el("div", "text", m.text));
    else if (m.type === "flex" && m.contents.type === "carousel") {
      const strip = el("div", "carousel");
      m.contents.contents.forEach((b) => strip.appendChild(drawBubble(b)));
      row.appendChild(strip);
    } else if (m.type === "flex") row.appendChild(drawBubble(m.contents));
    else if (m.type === "template") {
      const card = el("div", "bubble");
      const body = el("div", "body");
      body.appendChild(el("div", "f-text", m.template.text));
      const footer = el("div", "footer");
      m.template.actions.forEach((a) => footer.appendChild(button({ action: a })));
      card.append(body, footer);
      row.appendChild(card);
    } else row.appendChild(el("div", "text", m.altText || "[ข้อความ]"));
    log.appendChild(row);
  });
  const last = messages[messages.length - 1];
  quick.replaceChildren();
  if (last && last.quickReply) {
    last.quickReply.items.forEach((item) => {
      const chip = el("button", "chip", item.action.label);
      chip.type = "button";
      chip.addEventListener("click", () => act(item.action));
      quick.appendChild(chip);
    });
  }
  scroll();
}

function sendText(text) {
  if (!text || !text.trim()) return;
  showMine(text);
  quick.replaceChildren();
  deliver({ type: "message", message: { type: "text", id: String(Date.now()), quoteToken: randomHex(12), text } });
}

form.addEventListener("submit", (e) => { e.preventDefault(); const t = input.value; input.value = ""; sendText(t); });
document.getElementById("sticker").addEventListener("click", () => {
  showMine("[สติกเกอร์]");
  deliver({ type: "message", message: { type: "sticker", id: String(Date.now()), quoteToken: randomHex(12),
    packageId: "446", stickerId: "1988", stickerResourceType: "STATIC", keywords: ["hello"] } });
});
document.getElementById("follow").addEventListener("click", () => { showSystem("เพิ่มเพื่อนแล้ว"); deliver({ type: "follow", follow: { isUnblocked: false } }); });

fetch("/simulator/api/config").then((r) => r.json()).then((c) => {
  config = c;
  document.body.dataset.ready = "true";
  showSystem("พิมพ์คำถามด้านล่าง หรือกด “เพิ่มเพื่อน” เพื่อดูข้อความต้อนรับ");
});
