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

// HMAC-SHA256 in plain JavaScript, for a page opened over plain http from another machine, where browsers hide
// Web Crypto. Tested against Python's hmac by the browser tests.
const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2]);

function sha256(data) {
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
    0x5be0cd19]);
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 4, data.length * 8);
  view.setUint32(padded.length - 8, Math.floor(data.length / 0x20000000));
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  }
  const out = new Uint8Array(32);
  h.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v));
  return out;
}

function hmacSha256(key, message) {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) { inner[i] = block[i] ^ 0x36; outer[i] = block[i] ^ 0x5c; }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

async function sign(body) {
  const key = new TextEncoder().encode(config.channelSecret);
  const message = new TextEncoder().encode(body);
  let mac;
  if (window.crypto && crypto.subtle && !window.paruPlainSigning) {
    const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, message));
  } else {
    mac = hmacSha256(key, message);
  }
  return btoa(String.fromCharCode(...mac));
}

const el = ParuFlex.el;

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
    const r = await fetch("/simulator/api/replies?token=" + encodeURIComponent(token));
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

function drawMessages(messages) {
  messages.forEach((m) => log.appendChild(ParuFlex.message(m, act)));
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
