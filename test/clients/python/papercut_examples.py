"""PaperCut's published example scripts, as a new user runs them: usage: papercut_examples.py URL TOKEN.

Each block does what one of PaperCut's example scripts does with Python's xmlrpc.client (listing
with limit 0, parent rows built as parent + "\\" + sub, the fleet-deployment printer properties, the
documented user properties, the fault text integrations parse). Exits non-zero at the first mismatch.
"""
import sys
import xmlrpc.client

from checks import check, fault

url, token = sys.argv[1], sys.argv[2]
api = xmlrpc.client.ServerProxy(url).api


def step(text):
    print(f"- {text}", flush=True)


step("setup")
check(api.addNewInternalUser(token, "alice", "pw", "Alice", "alice@example.org", "1001", ""), True, "alice")
check(api.addNewInternalUser(token, "bob", "pw", "Bob", "bob@example.org", "1002", ""), True, "bob")
check(api.addNewInternalUser(token, "carol", "pw", "Carol", "", "", ""), True, "carol")
check(api.addNewGroup(token, "Staff"), True, "group")
check(api.addUserToGroup(token, "alice", "Staff"), True, "member")
check(api.addNewSharedAccount(token, "Marketing"), True, "parent")
check(api.addNewSharedAccount(token, "Marketing\\Events"), True, "sub")
check(api.addNewSharedAccount(token, "Sales"), True, "second parent")
check(api.processJob(token, "user=alice,server=srv,printer=Lab-1,total-pages=1,cost=0.10"), True, "first job")
check(api.processJob(token, "user=bob,server=srv,printer=Lab-2,total-pages=1,cost=0.10"), True, "second printer")

step("item 2: a limit of 0 lists everything, as clients in the wild expect")
check(api.listUserAccounts(token, 0, 0), ["alice", "bob", "carol"], "listUserAccounts(0, 0)")
check(api.listUserAccounts(token, 1, 0), ["bob", "carol"], "listUserAccounts(1, 0): everything from offset 1")
check(api.listUserAccounts(token, 0, -1), ["alice", "bob", "carol"], "a negative limit is no limit too")
check(api.listUserAccounts(token, 0, 2), ["alice", "bob"], "a positive limit still pages")
check(api.listSharedAccounts(token, 0, 0), ["Marketing", "Marketing\\Events", "Sales"], "listSharedAccounts")
check(api.listPrinters(token, 0, 0), ["srv\\Lab-1", "srv\\Lab-2"], "listPrinters")
check("Staff" in api.listUserGroups(token, 0, 0), True, "listUserGroups")
check(api.getGroupMembers(token, "Staff", 0, 0), ["alice"], "getGroupMembers")
check(api.listUserSharedAccounts(token, "alice", 0, 0), [], "listUserSharedAccounts")

step("item 3: parent + '\\\\' + sub with an empty sub names the parent")
rows = [name.split("\\", 1) + [""] if "\\" not in name else name.split("\\", 1) for name in api.listSharedAccounts(token, 0, 0)]
for parent, sub in ((row[0], row[1]) for row in rows):
    name = parent + "\\" + sub
    check(api.isSharedAccountExists(token, name), True, f"isSharedAccountExists({name!r})")
    check(api.getSharedAccountProperty(token, name, "notes"), "", f"getSharedAccountProperty({name!r})")
check(api.setSharedAccountProperty(token, "Marketing\\", "notes", "spring campaign"), True, "set on Marketing\\")
check(api.getSharedAccountProperty(token, "Marketing", "notes"), "spring campaign", "the parent itself changed")
check(api.adjustSharedAccountAccountBalance(token, "Sales\\", 5, "float"), True, "adjust Sales\\")
check(api.getSharedAccountAccountBalance(token, "Sales"), 5.0, "Sales balance")
check(api.addSharedAccountAccessGroup(token, "Marketing\\", "Staff"), True, "access group on Marketing\\")
check(api.listUserSharedAccounts(token, "alice", 0, 0), ["Marketing"], "alice may charge Marketing")
check(api.isSharedAccountExists(token, "Nowhere\\"), False, "an unknown parent is still unknown")

step("item 4: printer properties of the fleet-deployment script")
config = (
    ("cost-model", "SIZE_TABLE"),
    ("advanced-config.cost.pst.default.enabled", "Y"),
    ("advanced-config.cost.pst.default.color.duplex", "0.20"),
    ("advanced-config.cost.pst.A4.grayscale.simplex", "0.05"),
    ("advanced-config.watermark.enabled", "Y"),
    ("advanced-config.watermark.text", "%user% %date%"),
    ("advanced-config.watermark.font-size", "8"),
)
check(api.setPrinterProperties(token, "srv", "Lab-1", config), True, "setPrinterProperties")
check(api.getPrinterProperty(token, "srv", "Lab-1", "cost-model"), "SIZE_TABLE", "cost-model")
check(
    api.getPrinterProperties(token, "srv", "Lab-1", [name for name, _ in config]),
    [value for _, value in config],
    "every property reads back",
)
check(api.getPrinterProperty(token, "srv", "Lab-2", "advanced-config.watermark.text"), "", "another printer's own values")
check(api.setPrinterProperty(token, "srv", "Lab-1", "advanced-config.watermark.text", ""), True, "clear one")
check(api.getPrinterProperty(token, "srv", "Lab-1", "advanced-config.watermark.text"), "", "cleared")
ids = [api.getPrinterProperty(token, "srv", p, "printer-id") for p in ("Lab-1", "Lab-2")]
check(all(i.isdigit() for i in ids) and ids[0] != ids[1], True, f"printer-id is numeric and distinct: {ids}")
check(
    api.setPrinterProperties(
        token, "srv", "Lab-2",
        [["virtual", "True"], ["advanced-config.release-station", "STANDARD"],
         ["advanced-config.redirect.compatible-queues", ",".join(ids)]],
    ),
    True,
    "find-me virtual queue",
)
check(api.getPrinterProperty(token, "srv", "Lab-2", "virtual"), "true", "virtual")
check(api.getPrinterProperty(token, "srv", "Lab-2", "advanced-config.redirect.compatible-queues"), ",".join(ids), "queues")
check(api.getPrinterProperty(token, "srv", "Lab-1", "virtual"), "false", "a physical printer")
check(fault(api.getPrinterProperty, token, "srv", "Lab-1", "colour").faultCode, 700, "an unknown property is still a fault")

step("item 6: every documented user property")
documented = [
    "balance", "primary-card-number", "secondary-card-number", "card-number", "card-number2", "department",
    "disabled-print", "disabled-net", "email", "full-name", "internal", "notes", "office", "delegated-users",
    "delegated-groups", "print-stats.job-count", "print-stats.page-count", "net-stats.data-mb",
    "net-stats.time-hours", "restricted", "home", "unauthenticated", "username-alias",
    "dont-hold-jobs-in-release-station", "dont-apply-printer-filter-rules", "printer-cost-adjustment-rate-percent",
    "dont-archive", "auto-release-jobs", "overdraft-amount", "account-selection.mode",
    "account-selection.can-charge-personal", "account-selection.can-charge-shared-from-list",
    "account-selection.can-charge-shared-by-pin", "other-emails", "auto-shared-account",
]
check(len(api.getUserProperties(token, "alice", documented)), len(documented), "getUserProperties of every property")
check(api.setUserProperty(token, "alice", "delegated-users", "Bob, carol"), True, "delegated-users")
check(api.getUserProperty(token, "alice", "delegated-users"), "bob,carol", "delegated-users reads back")
check(api.setUserProperty(token, "alice", "delegated-groups", "Staff"), True, "delegated-groups")
check(api.getUserProperty(token, "alice", "delegated-groups"), "Staff", "delegated-groups reads back")
check(api.getUserProperty(token, "alice", "unauthenticated"), "false", "unauthenticated is off by default")
check(api.setUserProperties(token, "alice", [["unauthenticated", "TRUE"]]), True, "unauthenticated")
check(api.getUserProperty(token, "alice", "unauthenticated"), "true", "unauthenticated reads back")
check(api.getUserProperty(token, "bob", "unauthenticated"), "false", "only alice changed")

step("item 7: the duplicate card fault carries PaperCut's wording")
duplicate = fault(api.setUserProperty, token, "bob", "primary-card-number", "1001")
check("number for user 'bob'" in duplicate.faultString, True, f"names the user: {duplicate.faultString}")
check("Card number: 1001" in duplicate.faultString, True, f"names the number: {duplicate.faultString}")
check(api.getUserProperty(token, "bob", "primary-card-number"), "1002", "bob keeps his card")

print("papercut examples ok")
