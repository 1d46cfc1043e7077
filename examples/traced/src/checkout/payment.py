"""Payments at checkout.

Implements: SHOP-001
"""


def pay_by_card(order):  # @spec SHOP-002
    return order.total


def cash_on_delivery(order):
    # SHOP-005: kept until the last courier contract ends
    return None


def gift_card(order):
    # spec: SHOP-040 (see the gift card spec)
    return None
