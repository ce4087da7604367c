#!/usr/bin/env python3
"""An independent check of a Folio event log, written without any of Folio's code.

Reads the SQLite file read-only and, for every event in log order, recomputes its SHA-256 hash from
the canonical JSON of what it says, checks it links to its stream's previous event, checks every
transfer's recorded balance follows from its amount, and that all ledger accounts sum to zero after
it. Prints the log digest that `folio verify` prints, so the two can be compared. See docs/audit.md.

Usage: python3 tools/verify-log.py path/to/folio-events.sqlite
       python3 tools/verify-log.py --proof PROOF.json --public-key KEYFILE

The second form checks an inclusion proof printed by `folio prove` without the server or the log:
the event's hash is recomputed from what it says, its Merkle audit path (RFC 6962/9162) is walked to
the checkpoint's root, and the checkpoint's Ed25519 signature is checked against the public key the
auditor kept (base64 of its 32 bytes, as `folio checkpoint` prints it). Ed25519 is verified below
in plain Python (RFC 8032 §5.1.7), so nothing but the standard library is needed.
"""
import hashlib
import json
import sqlite3
import sys
from decimal import Decimal

GENESIS = "0" * 64
BALANCE_EVENTS = ("UserBalanceAdjusted", "SharedAccountBalanceAdjusted", "PrintJobCharged", "SharedAccountPrintJobCharged")


def canonical(value):
    """Keys sorted at every level, no white space, strings as JSON escapes them: the bytes Folio hashes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def ledger_account(event_type, data):
    if event_type.startswith("SharedAccount"):
        return f"shared:{data['accountId']}"
    return f"user:{data['userId']}" + (f"/{data['account']}" if data["account"] else "")


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    # A damaged byte can make text that is not UTF-8: read it anyway, so the event is named, not skipped.
    db.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    heads, balances, problems = {}, {}, 0
    digest, position = GENESIS, 0
    rows = db.execute(
        "SELECT position, event_id, stream, revision, type, version, recorded_at, data, metadata,"
        " previous_hash, hash FROM events ORDER BY position"
    )
    for (position, event_id, stream, revision, event_type, version, recorded_at, data_text, metadata_text,
         previous_hash, stored_hash) in rows:
        def problem(what):
            nonlocal problems
            problems += 1
            print(f"position {position}, stream {stream}, revision {revision} ({event_type}): {what}")

        try:
            data, metadata = json.loads(data_text), json.loads(metadata_text)
        except (TypeError, ValueError):
            problem("data or metadata is not JSON")
            continue
        body = {"previousHash": previous_hash, "eventId": event_id, "stream": stream, "revision": revision,
                "type": event_type, "version": version, "recordedAt": recorded_at, "data": data,
                "metadata": metadata}
        if hashlib.sha256(canonical(body).encode("utf-8")).hexdigest() != stored_hash:
            problem("its hash is not the hash of what it says")
        head_revision, head_hash = heads.get(stream, (-1, GENESIS))
        if previous_hash != head_hash or revision != head_revision + 1:
            problem("it does not follow its stream's previous event")
        heads[stream] = (revision, stored_hash)
        if event_type in BALANCE_EVENTS:
            account, amount = ledger_account(event_type, data), Decimal(data["amount"])
            if balances.get(account, Decimal(0)) + amount != Decimal(data["balanceAfter"]):
                problem("the balance it records is not the balance before plus its amount")
            balances[account] = Decimal(data["balanceAfter"])
            balances[data["counterAccount"]] = balances.get(data["counterAccount"], Decimal(0)) - amount
            if sum(balances.values()) != 0:
                problem(f"the ledger accounts sum to {sum(balances.values())}, not zero")
        digest = hashlib.sha256(f"{digest}:{position}:{stored_hash}".encode("utf-8")).hexdigest()
    print(f"{len(heads)} streams, {len(balances)} ledger accounts, {problems} problems")
    print(f"log digest {digest} at position {position}")
    return 1 if problems else 0


# --- Ed25519 verification, RFC 8032 §5.1 (slow but short; a proof needs one signature) ---
P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def point_add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa, bb = (y1 - x1) * (y2 - x2) % P, (y1 + x1) * (y2 + x2) % P
    cc, dd = t1 * 2 * D * t2 % P, z1 * 2 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def point_mul(s, point):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = point_add(q, point)
        point = point_add(point, point)
        s >>= 1
    return q


def point_equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def decompress(raw):
    if len(raw) != 32:
        return None
    y = int.from_bytes(raw, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


G_Y = 4 * pow(5, P - 2, P) % P
G = (recover_x(G_Y, 0), G_Y, 1, recover_x(G_Y, 0) * G_Y % P)


def ed25519_verify(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = decompress(public), decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return point_equal(point_mul(s, G), point_add(r, point_mul(h, a)))


# --- Merkle tree, RFC 6962 hashing and RFC 9162 §2.1.3.2 inclusion verification ---
def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_path(leaf, index, size, path):
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(sibling, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, sibling)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def signed_text(c):
    blocks = hashlib.sha256("".join(c["blockRoots"]).encode()).hexdigest()
    fields = [c["format"], str(c["size"]), c["root"], str(c["lastPosition"]), c["lastEventHash"], c["time"],
              str(c["blockSize"]), blocks, c["keyId"], ""]
    return "\n".join(fields).encode("utf-8")


def read_public_key(path):
    import base64
    text = open(path, encoding="utf-8").read().strip()
    if text.startswith("-----BEGIN"):
        der = base64.b64decode("".join(line for line in text.splitlines() if not line.startswith("-----")))
        return der[-32:]  # an Ed25519 SubjectPublicKeyInfo ends with the 32 raw bytes
    return base64.b64decode(text)


def check_proof(proof_path, key_path):
    import base64
    proof = json.load(open(proof_path, encoding="utf-8"))
    checkpoint, event = proof["checkpoint"], proof["event"]
    public = read_public_key(key_path)
    failures = []
    if hashlib.sha256(public).hexdigest() != checkpoint["keyId"]:
        failures.append("the checkpoint names another signing key than the one given")
    elif not ed25519_verify(public, signed_text(checkpoint), base64.b64decode(checkpoint["signature"])):
        failures.append("the checkpoint's signature does not hold: it was altered or not signed by this key")
    body = {k: event[k] for k in ("previousHash", "eventId", "stream", "revision", "type", "version",
                                  "recordedAt", "data", "metadata")}
    event_hash = hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()
    if event_hash != event["hash"]:
        failures.append("the event's hash is not the hash of what it says")
    transfer_ids = [event["data"].get(k) for k in ("transferId", "correctingTransferId", "reversalTransferId")]
    if proof["transferId"] not in transfer_ids:
        failures.append(f"the event does not book transfer {proof['transferId']}")
    leaf = hashlib.sha256(b"\x00" + bytes.fromhex(event_hash)).digest()
    path = [bytes.fromhex(h) for h in proof["auditPath"]]
    root = root_from_path(leaf, proof["leafIndex"], checkpoint["size"], path)
    if root is None or root.hex() != checkpoint["root"]:
        failures.append("the audit path does not lead to the checkpoint's root: the event is not in the log it signed")
    for failure in failures:
        print(f"FAILED: {failure}")
    if failures:
        return 1
    print(f"OK: transfer {proof['transferId']} (event {event['eventId']}, position {event['position']}) is event "
          f"{proof['leafIndex'] + 1} of the {checkpoint['size']} the checkpoint of {checkpoint['time']} signed, "
          f"root {checkpoint['root']}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--proof" and sys.argv[3] == "--public-key":
        sys.exit(check_proof(sys.argv[2], sys.argv[4]))
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
