"""What the session leaves behind: checked by the session itself and again after a restart."""
from decimal import Decimal

from checks import check, money

FULL_NAMES = {
    "alice": "Alice Liddell",
    "bob": "Bob Dylan",
    "carol": "Carol Ann",
    "david": "Dave Brubeck",  # created as dave, renamed
    "erin": "Erin Öztürk",
    **{f"user{n:02d}": f"User {n:02d}" for n in range(1, 21)},
}

BALANCES = {
    "alice": Decimal("12.65"),
    "bob": Decimal("9.0"),
    "carol": Decimal("9.0"),
    "david": Decimal("20.0"),
    "erin": Decimal("20.0"),
    # userNN holds NN.NN: 1.01, 2.02 … 20.2
    **{f"user{n:02d}": Decimal(n) + Decimal(n) / 100 for n in range(1, 21)},
}

SHARED_BALANCES = {
    "Science": Decimal("50.0"),
    "Science\\Physics": Decimal("100.05"),
}

GROUP_MEMBERS = {
    "staff": ["alice", "bob", "carol"],
    "lab": ["david", "erin"],
}


def list_all_users(api, token, page_size):
    """Pages through listUserAccounts as client scripts do: until a page is shorter than the limit."""
    names, offset = [], 0
    while True:
        page = api.listUserAccounts(token, offset, page_size)
        names.extend(page)
        if len(page) < page_size:
            return names
        offset += page_size


def check_final_state(api, token):
    check(api.getTotalUsers(token), len(FULL_NAMES), "getTotalUsers")
    check(list_all_users(api, token, 7), sorted(FULL_NAMES), "every user, paged by 7")
    for user, full_name in FULL_NAMES.items():
        check(api.getUserProperty(token, user, "full-name"), full_name, f"{user}'s full name")
    for user, balance in BALANCES.items():
        check(money(api.getUserAccountBalance(token, user), user), balance, f"{user}'s balance")
    check(api.isUserExists(token, "dave"), False, "the old name after the rename")
    check(api.listSharedAccounts(token, 0, 100), sorted(SHARED_BALANCES), "shared accounts")
    for account, balance in SHARED_BALANCES.items():
        actual = money(api.getSharedAccountAccountBalance(token, account), account)
        check(actual, balance, f"{account}'s balance")
    for group, members in GROUP_MEMBERS.items():
        check(api.getGroupMembers(token, group, 0, 100), members, f"members of {group}")
    check(api.lookUpUserNameByCardNo(token, "1001"), "alice", "alice by card number")
