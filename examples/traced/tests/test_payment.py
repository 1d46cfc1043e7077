import pytest


@pytest.mark.spec("SHOP-002")
def test_card_payment():
    assert True


def test_gift_card():
    """Verifies: SHOP-004"""
    assert True
