"""The QR payload: a portal link carrying the receipt code, readable as text without a network."""

from __future__ import annotations

import pytest
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, optimal_mode

from kiosk.receipts import qr_payload
from kiosk.receipts.qr import qr_matrix


def test_the_payload_is_the_portal_link_with_the_compact_code():
    assert qr_payload("https://gopy.example.gov.vn/r", "7k3m-9qxa 2fhd") == "HTTPS://GOPY.EXAMPLE.GOV.VN/r/7K3M9QXA2FHD"


def test_a_trailing_slash_in_the_base_makes_no_double_slash():
    assert qr_payload("https://gopy.example.gov.vn/r/", "7K3M9QXA2FHD") == "HTTPS://GOPY.EXAMPLE.GOV.VN/r/7K3M9QXA2FHD"


def test_the_bases_path_keeps_its_case_since_a_portal_may_care():
    assert qr_payload("https://tinh.gov.vn/GopY/Tra-cuu", "7K3M9QXA2FHD").endswith("/GopY/Tra-cuu/7K3M9QXA2FHD")


def test_a_capital_path_makes_the_whole_payload_alphanumeric():
    capital = qr_payload("https://gopy.example.gov.vn/R", "7K3M9QXA2FHD")
    assert optimal_mode(capital.encode()) == MODE_ALPHA_NUM
    assert optimal_mode(b"https://gopy.example.gov.vn/r/7K3M9QXA2FHD") == MODE_8BIT_BYTE
    # Fewer bits, never a larger symbol.
    assert len(qr_matrix(capital)) <= len(qr_matrix("https://gopy.example.gov.vn/r/7K3M9QXA2FHD"))


@pytest.mark.parametrize("base", ["gopy.example.gov.vn/r", "ftp://gopy.example.gov.vn", "https:///r", ""])
def test_a_base_that_is_not_a_web_address_is_refused(base):
    with pytest.raises(ValueError, match="base address"):
        qr_payload(base, "7K3M9QXA2FHD")


def test_a_typical_payload_is_a_small_symbol():
    """Version 3 (29 modules) at level M: 7 dots per module at 203 dpi in 30 mm."""
    assert len(qr_matrix(qr_payload("https://gopy.example.gov.vn/r", "7K3M9QXA2FHD"))) <= 29
