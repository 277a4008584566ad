// Public clip verification: hashes the chosen file with WebCrypto in the
// browser (the file never leaves it), asks the server whether it issued a
// clip with that SHA-256, and checks the returned manifest's Ed25519
// signature against the published keys, also with WebCrypto.

const $ = (id) => document.getElementById(id);
const LIMIT = 2 * 1024 * 1024 * 1024;

const hex = (buf) =>
  Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");

async function sha256OfFile(file) {
  if (file.size > LIMIT) {
    throw new Error("This file is larger than 2 GiB; compute its SHA-256 with sha256sum and paste it.");
  }
  return hex(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
}

function fromBase64(b64) {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

// The raw 32-byte key from a C2SP verifier key "name+id+base64(0x01||key)".
function rawKey(vkey) {
  const parts = vkey.split("+");
  const data = fromBase64(parts.slice(2).join("+"));
  return data.slice(1);
}

async function signatureValid(manifest, signatureB64, keyId) {
  const keys = await (await fetch("/api/v1/keys")).json();
  const key = keys.find((k) => k.key_id === keyId);
  if (!key) return { ok: false, why: `key ${keyId} is not published` };
  try {
    const pub = await crypto.subtle.importKey("raw", rawKey(key.verifier_key), { name: "Ed25519" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, pub, fromBase64(signatureB64),
      new TextEncoder().encode(manifest));
    return { ok, why: ok ? `Ed25519 signature verifies with published key ${keyId}` : "the signature does not verify" };
  } catch (e) {
    return { ok: false, why: `this browser cannot check Ed25519 signatures (${e.message}); use openssl` };
  }
}

function fact(name, value) {
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = value;
  $("facts").append(dt, dd);
}

async function verify(event) {
  event.preventDefault();
  const result = $("result");
  $("facts").replaceChildren();
  $("manifest-box").hidden = true;
  $("checkpoint-box").hidden = true;
  result.hidden = false;
  result.className = "";
  $("verdict").textContent = "Computing the SHA-256 in this browser…";
  try {
    const file = $("clip-file").files[0];
    const sha = file ? await sha256OfFile(file) : $("clip-hash").value.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error("Choose a file or paste a 64-digit SHA-256.");
    fact("SHA-256", sha);
    const res = await fetch("/api/v1/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: sha }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ? body.error.message : `HTTP ${res.status}`);
    if (!body.issued) {
      result.className = "not-issued";
      $("verdict").textContent = "NOT ISSUED: this ICCC issued no clip with exactly these bytes.";
      return;
    }
    const clip = body.clips[0];
    const m = JSON.parse(clip.manifest);
    const sig = await signatureValid(clip.manifest, clip.signature, clip.key_id);
    result.className = sig.ok ? "issued" : "not-issued";
    $("verdict").textContent = sig.ok
      ? "ISSUED: this ICCC issued a clip with exactly these bytes."
      : "ISSUED, but the manifest signature could not be checked here.";
    fact("Signature", sig.why);
    fact("Clip", `${m.clip.id} (${m.clip.size_bytes} bytes)`);
    fact("Camera", `${m.camera.code} — ${m.camera.name}`);
    fact("Recorded", `${m.actual_window.start} to ${m.actual_window.end} (UTC)`);
    fact("Request", `${m.request.id}, ${m.request.police_station.name}`);
    fact("Signed", m.created.ist);
    $("manifest").textContent = clip.manifest;
    $("manifest-box").hidden = false;
    if (body.checkpoint) {
      $("checkpoint").textContent = body.checkpoint;
      $("checkpoint-box").hidden = false;
    }
  } catch (e) {
    result.className = "not-issued";
    $("verdict").textContent = e.message;
  }
}

$("verify-form").addEventListener("submit", verify);
