"""Receipts and invoices as one-page A4 PDFs (ReportLab), with real text in an embedded font.

DejaVu Sans (shipped in documents/fonts with its licence) covers Latin with the diacritics of
Yoruba and Igbo names (Adébáyọ̀ Ọ̀jọ́, Ngozi Nwankwọ) and the naira sign, so nothing depends on
the fonts of the machine. Text is normalised to NFC, so a name typed with combining marks and
one typed precomposed print alike.
"""

import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CURRENCY_SYMBOLS = {"NGN": "₦", "USD": "$", "EUR": "€", "GBP": "£", "GHS": "₵", "INR": "₹", "JPY": "¥"}
MARGIN = 20 * mm


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in (REGULAR, BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))


def money(amount: Decimal, currency: str) -> str:
    """₦1,500.00 NGN: the sign where the currency has one, and always its code."""
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.2f} {currency}"


def text(value) -> str:
    return unicodedata.normalize("NFC", str(value or ""))


@dataclass
class Document:
    """What a page shows: the studio in the header, a title with the number and date, who it
    is for, and label/value rows."""

    title: str
    number: str
    date: str
    studio_lines: list[str]
    studio_name: str
    customer_name: str
    order_line: str
    rows: list[tuple[str, str]]
    footer: str = ""


def render(document: Document) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    page.setTitle(text(f"{document.title} {document.number}"))
    page.setAuthor(text(document.studio_name))
    width, height = A4
    y = height - MARGIN

    page.setFont(BOLD, 18)
    page.drawString(MARGIN, y, text(document.studio_name))
    y -= 7 * mm
    page.setFont(REGULAR, 10)
    for line in document.studio_lines:
        if line:
            page.drawString(MARGIN, y, text(line))
            y -= 5 * mm

    y -= 8 * mm
    page.setFont(BOLD, 16)
    page.drawString(MARGIN, y, text(document.title))
    page.setFont(REGULAR, 11)
    page.drawRightString(width - MARGIN, y, text(f"No. {document.number}"))
    y -= 6 * mm
    page.drawRightString(width - MARGIN, y, text(f"Date: {document.date}"))

    y -= 12 * mm
    page.setFont(REGULAR, 11)
    page.drawString(MARGIN, y, "Customer:")
    page.setFont(BOLD, 11)
    page.drawString(MARGIN + 30 * mm, y, text(document.customer_name))
    y -= 6 * mm
    page.setFont(REGULAR, 11)
    page.drawString(MARGIN, y, "Order:")
    page.drawString(MARGIN + 30 * mm, y, text(document.order_line))

    y -= 12 * mm
    page.setLineWidth(0.5)
    page.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
    for label, value in document.rows:
        page.setFont(REGULAR, 11)
        page.drawString(MARGIN, y - 2 * mm, text(label))
        page.setFont(BOLD, 11)
        page.drawRightString(width - MARGIN, y - 2 * mm, text(value))
        y -= 8 * mm
    page.line(MARGIN, y + 2 * mm, width - MARGIN, y + 2 * mm)

    if document.footer:
        page.setFont(REGULAR, 9)
        page.drawCentredString(width / 2, MARGIN, text(document.footer))
    page.showPage()
    page.save()
    return buffer.getvalue()
