#!/usr/bin/env python3
"""An independent check of a Folio event log, written without any of Folio's code.

Reads the SQLite file read-only and, for every event in log order, recomputes its SHA-256 hash from
the canonical JSON of what it says, checks it links to its stream's previous event, checks every
transfer's recorded balance follows from its amount, and that all ledger accounts sum to zero after
it. Prints the log digest that `folio verify` prints, so the two can be compared. See docs/audit.md.

Usage: python3 tools/verify-log.py path/to/folio-events.sqlite
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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
