// Verifies a publication against the public transparency log, in the reader's browser, with Web Crypto only:
//  1. the log's checkpoint (c2sp.org/tlog-checkpoint) carries a valid Ed25519 signature (c2sp.org/signed-note)
//     by the log's public key (remembered in this browser: a changed key is reported);
//  2. the entry's leaf hash SHA-256(0x00 || entry) is included in that checkpoint's tree (RFC 9162 §2.1.3.2);
//  3. the content served now hashes to the entry's content_sha256;
//  4. every element marked data-tlog-field="path" (within the badge's closest data-tlog-scope element, else the
//     page) shows the value the content holds at that path.
(function () {
  "use strict";
  if (window.fazhiLogVerify) return; // the badge may be on a page several times
  window.fazhiLogVerify = true;
  const API = "/api/v1/log";
  const enc = new TextEncoder();

  function b64(s) { return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)); }
  function hex(a) { return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join(""); }
  function unhex(s) { return Uint8Array.from(s.match(/../g) || [], (x) => parseInt(x, 16)); }
  function cat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0;
    for (const p of parts) { out.set(p, i); i += p.length; }
    return out;
  }
  function same(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }
  async function sha256(data) { return new Uint8Array(await crypto.subtle.digest("SHA-256", data)); }
  async function node(l, r) { return sha256(cat(Uint8Array.of(1), l, r)); }
  async function json(url) {
    const r = await fetch(url, { credentials: "omit" });
    if (!r.ok) throw new Error(url + " → " + r.status);
    return r.json();
  }

  async function rootFromInclusion(index, size, leaf, proof) {
    if (index >= size) throw new Error("index ≥ size");
    let fn = index, sn = size - 1, r = leaf;
    for (const p of proof) {
      if (sn === 0) throw new Error("proof too long");
      if ((fn & 1) || fn === sn) {
        r = await node(p, r);
        if (!(fn & 1)) { while (fn && !(fn & 1)) { fn >>= 1; sn >>= 1; } }
      } else {
        r = await node(r, p);
      }
      fn >>= 1; sn >>= 1;
    }
    if (sn !== 0) throw new Error("proof too short");
    return r;
  }

  async function openCheckpoint(note, name, pub) {
    const split = note.lastIndexOf("\n\n");
    if (split < 0) throw new Error("malformed note");
    const text = note.slice(0, split + 1);
    const kid = (await sha256(cat(enc.encode(name + "\n"), Uint8Array.of(1), pub))).slice(0, 4);
    const key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
    let ok = false;
    for (const line of note.slice(split + 2).split("\n")) {
      if (!line) continue;
      const m = line.match(/^\u2014 (\S+) (\S+)$/);
      if (!m) throw new Error("malformed signature line");
      const raw = b64(m[2]);
      if (m[1] !== name || !same(raw.slice(0, 4), kid)) continue;
      if (!(await crypto.subtle.verify({ name: "Ed25519" }, key, raw.slice(4), enc.encode(text)))) {
        throw new Error("bad signature");
      }
      ok = true;
    }
    if (!ok) throw new Error("no signature by the log's key");
    const lines = text.split("\n");
    if (lines[0] !== name) throw new Error("origin is not the log's name");
    return { size: parseInt(lines[1], 10), root: b64(lines[2]) };
  }

  function lookup(value, path) {
    for (const part of path.split(".")) {
      if (value === null || value === undefined) return undefined;
      value = value[/^\d+$/.test(part) ? parseInt(part, 10) : part];
    }
    return value;
  }
  const norm = (s) => String(s).replace(/\s+/g, " ").trim();

  async function verify(badge) {
    const msg = (k) => badge.querySelector(".tlog-messages").content.querySelector(`[data-m="${k}"]`).textContent;
    const out = badge.querySelector(".tlog-result");
    out.hidden = false;
    out.replaceChildren();
    const say = (text, ok) => {
      const li = document.createElement("li");
      li.textContent = (ok === undefined ? "" : ok ? "✓ " : "✗ ") + text;
      li.className = ok === false ? "tlog-fail" : ok ? "tlog-ok" : "";
      out.append(li);
      return li;
    };
    if (!window.crypto || !crypto.subtle) { say(msg("nocrypto"), false); return false; }
    const running = say(msg("running"));
    const index = parseInt(badge.dataset.tlogIndex, 10);
    try {
      const pk = await json(`${API}/public-key`);
      const pub = b64(pk.key);
      const pinned = localStorage.getItem("fazhi-log-key:" + pk.name);
      if (pinned && pinned !== pk.key) { say(msg("keychanged"), false); return false; }
      localStorage.setItem("fazhi-log-key:" + pk.name, pk.key);
      say(`${msg("key")}: ${pk.vkey}`);
      const noteText = await (await fetch(`${API}/checkpoint`, { credentials: "omit" })).text();
      const cp = await openCheckpoint(noteText, pk.name, pub);
      say(`${msg("signature")} · ${msg("size")} ${cp.size}`, true);
      const page = await json(`${API}/entries?start=${index}&end=${index + 1}`);
      const e = page.entries[0];
      if (!e || e.index !== index) throw new Error(msg("entry"));
      const entryBytes = b64(e.entry);
      const entry = JSON.parse(new TextDecoder().decode(entryBytes));
      say(`${msg("entry")}: ${entry.kind} ${entry.id} v${entry.version} ${entry.time}`, true);
      const proof = await json(`${API}/proof/inclusion?index=${index}&size=${cp.size}`);
      const leaf = await sha256(cat(Uint8Array.of(0), entryBytes));
      const root = await rootFromInclusion(index, cp.size, leaf, proof.hashes.map(unhex));
      if (!same(root, cp.root)) throw new Error(msg("inclusion"));
      say(msg("inclusion"), true);
      const body = new Uint8Array(await (await fetch(e.content_url, { credentials: "omit" })).arrayBuffer());
      if (hex(await sha256(body)) !== entry.content_sha256) throw new Error(msg("content"));
      say(msg("content"), true);
      const fields = (badge.closest("[data-tlog-scope]") || document).querySelectorAll("[data-tlog-field]");
      if (fields.length) {
        const content = JSON.parse(new TextDecoder().decode(body));
        for (const el of fields) {
          const want = lookup(content, el.dataset.tlogField);
          if (want === undefined || norm(want) !== norm(el.textContent)) {
            throw new Error(`${msg("shown")}: ${el.dataset.tlogField} «${norm(el.textContent)}»`);
          }
        }
        say(msg("shown"), true);
      }
      running.remove();
      say(msg("ok"), true);
      badge.dataset.tlogVerified = "ok";
      return true;
    } catch (err) {
      running.remove();
      say(`${msg("fail")} ${err.message}`, false);
      badge.dataset.tlogVerified = "fail";
      return false;
    }
  }

  document.addEventListener("click", (ev) => {
    const button = ev.target.closest(".tlog-verify");
    if (button) verify(button.closest(".tlog-badge"));
  });
})();
