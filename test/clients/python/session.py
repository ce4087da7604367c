"""A realistic session of Python's xmlrpc.client against a running Folio: usage: session.py URL TOKEN.

Creates internal users, adjusts balances, makes conditional debits, allocates by group, tops up
shared accounts, renames a user and pages through the users, asserting every amount to the cent.
Exits non-zero with the first mismatch.
"""
import sys
import xmlrpc.client
from decimal import Decimal

from checks import check, fault, money
from expected_state import BALANCES, FULL_NAMES, check_final_state

url, token = sys.argv[1], sys.argv[2]
server = xmlrpc.client.ServerProxy(url)
api = server.api


def balance(user):
    return money(api.getUserAccountBalance(token, user), f"{user}'s balance")


def step(text):
    print(f"- {text}", flush=True)


step("internal users")
check(api.getTotalUsers(token), 0, "a fresh site has no users")
check(api.addNewInternalUser(token, "alice", "pw-a", "Alice Liddell", "alice@example.org", "1001", "1234"), True, "add alice")
check(api.addNewInternalUser(token, "bob", "pw-b", "Bob Dylan", "bob@example.org", "1002", "", False), True, "add bob")
check(api.addNewInternalUser(token, "carol", "pw-c", "Carol Ann", "carol@example.org", "", ""), True, "add carol")
check(api.addNewInternalUser(token, "dave", "pw-d", "Dave Brubeck", "dave@example.org", "", ""), True, "add dave")
check(api.addNewInternalUser(token, "Erin", "pw-e", "Erin Öztürk", "erin@example.org", "", ""), True, "add Erin")
for n in range(1, 21):
    check(api.addNewInternalUser(token, f"user{n:02d}", "pw", f"User {n:02d}", "", "", ""), True, f"add user{n:02d}")
check(api.isUserExists(token, "erin"), True, "usernames are stored lower-case")
check(api.isUserExists(token, "ALICE"), True, "usernames are case-insensitive")
check("already exists" in fault(api.addNewInternalUser, token, "alice", "pw", "", "", "", "").faultString, True, "duplicate")
check("not valid" in fault(api.addNewInternalUser, token, "bad/name", "pw", "", "", "", "").faultString, True, "bad name")
check(api.getTotalUsers(token), len(FULL_NAMES), "users created")

step("adjustments")
check(api.adjustUserAccountBalance(token, "alice", 10.00, "opening top-up"), True, "credit alice")
check(api.adjustUserAccountBalance(token, "alice", -2.35, "print job"), True, "debit alice")
check(balance("alice"), Decimal("7.65"), "alice after +10.00 and -2.35")
for n in range(1, 21):
    amount = Decimal(n) + Decimal(n) / 100
    check(api.setUserAccountBalance(token, f"user{n:02d}", float(amount), "set"), True, f"set user{n:02d}")
    check(balance(f"user{n:02d}"), amount, f"user{n:02d} set to {amount}")

step("ten calls adding 0.1 make exactly 1.0")
for _ in range(10):
    check(api.adjustUserAccountBalance(token, "bob", 0.1, "dime"), True, "add 0.1")
# In floating point, ten 0.1s make 0.9999999999999999; the ledger's exact decimals make 1.0.
check(balance("bob"), Decimal("1.0"), "bob after ten times 0.1")

step("conditional debits")
check(api.setUserProperty(token, "carol", "restricted", "TRUE"), True, "restrict carol")
check(api.setUserAccountBalance(token, "carol", 5.00, "allowance"), True, "set carol")
check(api.adjustUserAccountBalanceIfAvailable(token, "carol", -3.00, "job"), True, "debit 3.00 of 5.00")
check(balance("carol"), Decimal("2.0"), "carol after the debit")
check(api.adjustUserAccountBalanceIfAvailable(token, "carol", -2.01, "job"), False, "debit 2.01 of 2.00 refused")
check(balance("carol"), Decimal("2.0"), "a refused debit leaves the balance untouched")
check(api.adjustUserAccountBalanceIfAvailableLeaveRemaining(token, "carol", -1.50, 0.50, "job"), True, "leave 0.50")
check(balance("carol"), Decimal("0.5"), "carol after leaving 0.50")
check(api.adjustUserAccountBalanceIfAvailableLeaveRemaining(token, "carol", -0.01, 0.50, "job"), False, "below 0.50")
check(balance("carol"), Decimal("0.5"), "a refused debit leaves the balance untouched")
check(api.adjustUserAccountBalanceIfAvailable(token, "carol", 5.00, "refund"), True, "a credit is always available")
check(balance("carol"), Decimal("5.5"), "carol after the refund")

step("group allocation")
check(api.addNewGroup(token, "staff"), True, "add group staff")
check(api.addNewGroup(token, "lab"), True, "add group lab")
check(api.isGroupExists(token, "staff"), True, "staff exists")
check(api.isGroupExists(token, "nobody-group"), False, "unknown group")
for user in ("alice", "bob"):
    check(api.addUserToGroup(token, user, "staff"), True, f"{user} joins staff")
check(api.addUserToGroup(token, "carol", "staff"), True, "carol joins staff")
for user in ("dave", "erin"):
    check(api.addUserToGroup(token, user, "lab"), True, f"{user} joins lab")
check(api.getUserGroups(token, "bob"), ["staff"], "bob's groups")
check(api.adjustUserAccountBalance(token, "bob", 4.00, "more"), True, "bob +4.00")
check(api.adjustUserAccountBalanceByGroup(token, "staff", 5.00, "term allowance"), True, "staff +5.00")
check([balance(u) for u in ("alice", "bob", "carol")], [Decimal("12.65"), Decimal("10.0"), Decimal("10.5")], "staff +5")
check(api.setUserAccountBalance(token, "bob", 6.00, "reset"), True, "bob set to 6.00")
check(api.setUserAccountBalance(token, "carol", 5.50, "reset"), True, "carol set to 5.50")
check(api.adjustUserAccountBalanceByGroupUpTo(token, "staff", 4.00, 9.00, "top up to 9"), True, "staff up to 9")
# alice (12.65) is above the limit and keeps her balance; bob (6.00) and carol (5.50) stop at 9.00.
check([balance(u) for u in ("alice", "bob", "carol")], [Decimal("12.65"), Decimal("9.0"), Decimal("9.0")], "up to 9")
check(api.setUserAccountBalanceByGroup(token, "lab", 20.00, "lab budget"), True, "lab set to 20.00")
check([balance(u) for u in ("dave", "erin")], [Decimal("20.0"), Decimal("20.0")], "lab balances")
check(api.adjustUserAccountBalance(token, "dave", -0.01, "a cent"), True, "dave -0.01")

step("shared accounts")
check(api.addNewSharedAccount(token, "Science"), True, "add Science")
check(api.addNewSharedAccount(token, "Science\\Physics"), True, "add the sub-account Science\\Physics")
check(fault(api.addNewSharedAccount, token, "Science").faultCode > 0, True, "a second Science is a fault")
check("Nope" in fault(api.addNewSharedAccount, token, "Nope\\Sub").faultString, True, "sub-account of nothing")
check(api.isSharedAccountExists(token, "Science\\Physics"), True, "the sub-account exists")
check(api.isSharedAccountExists(token, "Nope"), False, "unknown shared account")
check(api.adjustSharedAccountAccountBalance(token, "Science\\Physics", 100.00, "grant"), True, "grant")
check(api.adjustSharedAccountAccountBalance(token, "Science\\Physics", 0.05, "interest"), True, "interest")
check(money(api.getSharedAccountAccountBalance(token, "Science\\Physics"), "Physics"), Decimal("100.05"), "Physics")
check(api.setSharedAccountAccountBalance(token, "Science", 50.25, "budget"), True, "set Science")
check(api.adjustSharedAccountAccountBalance(token, "Science", -0.25, "fee"), True, "fee")
check(money(api.getSharedAccountAccountBalance(token, "Science"), "Science"), Decimal("50.0"), "Science")

step("rename: the balance and the memberships follow")
check(balance("dave"), Decimal("19.99"), "dave before the rename")
check(api.renameUserAccount(token, "dave", "david"), True, "rename dave")
check(api.isUserExists(token, "dave"), False, "dave is gone")
check(balance("david"), Decimal("19.99"), "david keeps dave's balance")
check(api.getUserGroups(token, "david"), ["lab"], "david keeps dave's groups")
check(api.adjustUserAccountBalance(token, "david", 0.01, "a cent back"), True, "david +0.01")
check("dave" in fault(api.getUserAccountBalance, token, "dave").faultString, True, "the old name is a fault")

step("paging and lookups")
check(api.listUserAccounts(token, 0, 3), ["alice", "bob", "carol"], "first page")
check(api.listUserAccounts(token, 3, 3), ["david", "erin", "user01"], "second page")
check(api.listUserAccounts(token, 1000, 10), [], "past the end")
check(api.lookUpUserNameByCardNo(token, "1001"), "alice", "card 1001")
check(api.lookUpUserNameByIDNo(token, "1002"), "bob", "ID 1002")
check(api.lookUpUserNameByCardNo(token, "9999"), "", "unknown card")
check(api.lookUpUserNameByEmail(token, "carol@example.org"), "carol", "carol by email")
props = api.getUserProperties(token, "alice", ["full-name", "email", "balance", "restricted"])
check(props, ["Alice Liddell", "alice@example.org", "12.65", "false"], "alice's properties in the order asked")

step("refused input leaves the connection usable")
# xmlrpc.client keeps one HTTPConnection; its socket object tells whether the server kept it open.
connection = server._ServerProxy__transport._connection[1]
socket_before = connection.sock
# A raw control character is not XML: the server answers with a fault, not a dropped connection.
check("XML does not allow" in fault(api.setUserProperty, token, "alice", "notes", "bell\x01").faultString, True, "\\x01")
try:
    api.setUserProperty(token, "alice", "notes", "x" * (2 * 1024 * 1024))
    raise SystemExit("a 2 MB request was accepted")
except xmlrpc.client.ProtocolError as error:
    check(error.errcode, 413, "a body over the cap")
check(api.getUserProperty(token, "alice", "notes"), "", "nothing was stored")
check(api.isUserExists(token, "alice"), True, "the next call is answered")
check(connection.sock is socket_before and socket_before is not None, True, "on the same connection")

step("final state")
check(sorted(BALANCES), sorted(FULL_NAMES), "the expectations name the same users")
check_final_state(api, token)
print("session ok", flush=True)
