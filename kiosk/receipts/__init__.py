"""Receipts and the day's report as PDF (reportlab), with the receipt's QR code. Imports no Qt.

The renderers load reportlab, which costs a noticeable part of a second, so
they are imported on first use: the kiosk's screens import this package for
its plain values and must start fast.
"""

from kiosk.qr_code import qr_payload
from kiosk.receipts.content import DailyReportRow, ReceiptContent

__all__ = ["RECEIPT_SIZES", "DailyReportRow", "ReceiptContent", "qr_payload", "render_daily_report", "render_receipt"]


def __getattr__(name: str):
    if name == "render_receipt":
        from kiosk.receipts.receipt import render_receipt

        return render_receipt
    if name == "render_daily_report":
        from kiosk.receipts.daily_report import render_daily_report

        return render_daily_report
    if name == "RECEIPT_SIZES":
        from kiosk.receipts.paper import RECEIPT_SIZES

        return RECEIPT_SIZES
    raise AttributeError(name)
