"""Assertions for the client scripts: exact to the cent, with messages that say what differed."""
import xmlrpc.client
from decimal import Decimal


class Mismatch(AssertionError):
    pass


def check(actual, expected, what):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def money(value, what):
    """The amount exactly as it was on the wire: Folio sends <double> with the shortest exact decimal,
    and repr() of the float Python parsed gives that text back, so '12.65' compares as Decimal('12.65')."""
    check(type(value), float, f"{what} is a <double>")
    return Decimal(repr(value))


def fault(call, *args):
    try:
        result = call(*args)
    except xmlrpc.client.Fault as error:
        return error
    raise Mismatch(f"expected a fault, got {result!r}")
