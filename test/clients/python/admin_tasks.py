"""The everyday administrator's script, in Python's xmlrpc.client: usage: admin_tasks.py URL TOKEN IMPORT_DIR.

Finds the users of a department by paging through every user, swaps two users' card numbers, tops up a
balance and refunds a print job, and imports shared accounts from a file, polling the task until it is
done. The same tasks, with the same expected results, are scripted in Ruby, Perl and PHP beside this one.
Exits non-zero with the first mismatch.
"""
import os
import sys
import time
import xmlrpc.client
from decimal import Decimal

from checks import check, fault, money

url, token, import_dir = sys.argv[1], sys.argv[2], sys.argv[3]
api = xmlrpc.client.ServerProxy(url).api
CHEMISTRY = "Chimie générale"


def step(text):
    print(f"- {text}", flush=True)


step("users in two departments, and two users with cards")
for n in range(1, 13):
    user = f"phy{n:02d}"
    check(api.addNewInternalUser(token, user, "pw", f"Physics Student {n:02d}", "", "", ""), True, f"add {user}")
    check(api.setUserProperties(token, user, [["department", "Physics"], ["office", "P-1"]]), True, f"{user} dept")
for n in range(1, 6):
    user = f"chem{n:02d}"
    check(api.addNewInternalUser(token, user, "pw", f"Chemistry Student {n:02d}", "", "", ""), True, f"add {user}")
    check(api.setUserProperty(token, user, "department", CHEMISTRY), True, f"{user} dept")
check(api.addNewInternalUser(token, "ann", "pw", "Ann", "", "4001", ""), True, "add ann")
check(api.addNewInternalUser(token, "ben", "pw", "Ben", "", "4002", ""), True, "add ben")

step("find the users of a department, a page at a time")
physics, chemistry, offset, pages, page_size = [], 0, 0, 0, 4
while True:
    page = api.listUserAccounts(token, offset, page_size)
    pages += 1
    for user in page:
        department = api.getUserProperty(token, user, "department")
        if department == "Physics":
            physics.append(user)
        elif department == CHEMISTRY:
            chemistry += 1
    if len(page) < page_size:
        break
    offset += page_size
check(physics, [f"phy{n:02d}" for n in range(1, 13)], "the Physics users, in order")
check(chemistry, 5, "users whose department is written with accents")
check(pages, 5, "19 users in pages of 4")

step("swap two users' card numbers")
error = fault(api.setUserProperty, token, "ann", "primary-card-number", "4002")
check(error.faultCode, 305, "a card number held by another user is refused")
check(api.setUserProperty(token, "ann", "primary-card-number", "swap-4001"), True, "ann parks her card")
check(api.setUserProperty(token, "ben", "primary-card-number", "4001"), True, "ben takes ann's card")
check(api.setUserProperty(token, "ann", "primary-card-number", "4002"), True, "ann takes ben's card")
check(api.lookUpUserNameByCardNo(token, "4001"), "ben", "4001 is ben's")
check(api.lookUpUserNameByCardNo(token, "4002"), "ann", "4002 is ann's")
check(api.lookUpUserNameByCardNo(token, "swap-4001"), "", "the parking number is free again")

step("top up, charge and refund")
check(api.adjustUserAccountBalance(token, "phy01", 12.50, "cash top-up"), True, "top up 12.50")
check(api.setUserProperty(token, "phy01", "restricted", "true"), True, "restrict phy01")
check(api.adjustUserAccountBalanceIfAvailable(token, "phy01", -3.35, "print job"), True, "charge 3.35")
check(api.adjustUserAccountBalanceIfAvailable(token, "phy01", -20.00, "too big"), False, "20.00 is not available")
check(api.adjustUserAccountBalance(token, "phy01", 1.15, "refund: jammed printer"), True, "refund 1.15")
check(money(api.getUserAccountBalance(token, "phy01"), "phy01's balance"), Decimal("10.3"), "12.50 - 3.35 + 1.15")
check(api.getUserProperty(token, "phy01", "balance"), "10.30", "the balance property")

step("import shared accounts from a file and poll the task")
path = os.path.join(import_dir, "python-accounts.tsv")
with open(path, "w", encoding="utf-8") as file:
    file.write("Physics\t\tY\t\t150.00\tN\tphy01|phy02\t\tALWAYS_INVOICE\tCOMMENT_OPTIONAL\tDepartment budget\n")
    file.write("Physics\tLab A\tY\t4321\t25.50\tY\n")
    file.write(f"{CHEMISTRY}\t\tY\t\t80\n")
    file.write("Broken\t\tmaybe\n")
feedback = api.batchImportSharedAccounts(token, path, True, False)
check("Test only: nothing was changed." in feedback, True, f"a test run says so: {feedback}")
check(api.listSharedAccounts(token, 0, 100), [], "a test run creates nothing")
feedback = api.batchImportSharedAccounts(token, path, False, False)
check("4 lines read, 3 valid, 1 with problems" in feedback, True, f"the feedback counts the lines: {feedback}")
deadline = time.monotonic() + 30
status = api.getTaskStatus()
while not status["completed"]:
    check(time.monotonic() < deadline, True, "the import finishes within 30 s")
    time.sleep(0.1)
    status = api.getTaskStatus()
message = status["message"]
check("Line 4: not applied: enabled 'maybe' is not Y or N" in message, True, f"the bad line is reported: {message}")
check("Import finished: 3 of 3 records applied" in message, True, f"the import finished: {message}")
check(api.listSharedAccounts(token, 0, 100), [CHEMISTRY, "Physics", "Physics\\Lab A"], "the imported accounts")
check(money(api.getSharedAccountAccountBalance(token, "Physics\\Lab A"), "Lab A"), Decimal("25.5"), "Lab A")
check(money(api.getSharedAccountAccountBalance(token, "Physics"), "Physics"), Decimal("150.0"), "Physics")
check(api.getSharedAccountProperty(token, "Physics", "access-users"), "phy01,phy02", "Physics access")
check(api.getSharedAccountProperty(token, "Physics\\Lab A", "restricted"), "true", "Lab A is restricted")
check(api.listUserSharedAccounts(token, "phy02", 0, 10), ["Physics"], "phy02 may charge Physics")

print("admin tasks ok")
