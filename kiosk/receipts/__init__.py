"""Receipts and the day's report as PDF (reportlab), with the receipt's QR code. Imports no Qt."""

from kiosk.receipts.daily_report import DailyReportRow, render_daily_report
from kiosk.receipts.paper import RECEIPT_SIZES
from kiosk.receipts.qr import qr_payload
from kiosk.receipts.receipt import ReceiptContent, render_receipt

__all__ = [
    "RECEIPT_SIZES",
    "DailyReportRow",
    "ReceiptContent",
    "qr_payload",
    "render_daily_report",
    "render_receipt",
]
