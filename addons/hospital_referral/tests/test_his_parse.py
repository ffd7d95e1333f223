import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..models.hospital_his_file import read_csv
from ..models.hospital_his_parse import (
    MAX_AMOUNT,
    CellError,
    clean_text,
    parse_amount,
    parse_bool,
    parse_date,
)

CENTS = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)
DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2199, 12, 31))


@tagged("post_install", "-at_install")
class TestHisCellParsing(BaseCase):
    """R-R5: amounts and dates as clerks and HIS exports write them; anything else is a
    clear error, never a wrong value or a crash."""

    @settings(deadline=None)  # no timing in tests: a loaded machine is slow
    @given(CENTS)
    def test_amounts_with_thousands_separators(self, amount):
        for text in (f"{amount:.2f}", f"{amount:,.2f}", f" ¥{amount:,.2f} ", f"{amount:,}"):
            self.assertEqual(parse_amount(text, strict=False), float(amount), text)
        self.assertEqual(parse_amount(float(amount), strict=True), float(amount))

    @settings(deadline=None)  # no timing in tests: a loaded machine is slow
    @given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
    def test_a_decimal_comma_is_refused(self, units, cents):
        text = f"{units},{cents:02d}"
        with self.assertRaises(CellError) as caught:
            parse_amount(text, strict=False)
        self.assertEqual(caught.exception.code, "decimal_comma")
        with self.assertRaises(CellError):
            parse_amount(f"{units:,}.{cents:02d}".replace(",", " ").replace(".", ","), strict=False)

    @settings(deadline=None)  # no timing in tests: a loaded machine is slow
    @given(st.one_of(st.floats(), st.integers(), st.text(), st.booleans(), st.none()))
    def test_any_value_is_an_amount_or_an_error(self, value):
        try:
            amount = parse_amount(value, strict=False)
        except CellError:
            return
        self.assertTrue(0 <= amount <= MAX_AMOUNT)
        self.assertEqual(amount, round(amount, 2))

    def test_absurd_amounts(self):
        for value, code in (
            (float("nan"), "not_finite"),
            (float("inf"), "not_finite"),
            (1e308, "too_big"),
            (10**400, "too_big"),
            (-0.01, "negative"),
            ("1e5", "not_amount"),
            ("12.345,60", "decimal_comma"),
            ("", "missing"),
            (True, "not_number"),
        ):
            with self.assertRaises(CellError, msg=repr(value)) as caught:
                parse_amount(value, strict=False)
            self.assertEqual(caught.exception.code, code, repr(value))
        with self.assertRaises(CellError):
            parse_amount("350.5", strict=True)

    @settings(deadline=None)  # no timing in tests: a loaded machine is slow
    @given(DAYS, st.times())
    def test_dates_as_written(self, day, time):
        forms = (
            day.isoformat(),
            f"{day.isoformat()} {time:%H:%M}",
            f"{day.isoformat()} {time:%H:%M:%S}",
            f"{day:%Y/%m/%d}",
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month:02d}月{day.day:02d}日",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y.%m.%d}",
            f"{day:%Y%m%d}",
            f"{day.year}－{day.month:02d}－{day.day:02d}",  # full-width  # noqa: RUF001
        )
        for text in forms:
            self.assertEqual(parse_date(text, strict=False), day, text)
        self.assertEqual(parse_date(datetime.datetime.combine(day, time), strict=False), day)

    @settings(deadline=None)  # no timing in tests: a loaded machine is slow
    @given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
    def test_any_value_is_a_date_or_an_error(self, value):
        try:
            day = parse_date(value, strict=False)
        except CellError:
            return
        self.assertTrue(day is None or 1900 <= day.year <= 2199)

    def test_impossible_dates(self):
        for text in ("2026-02-30", "2026-13-01", "2026-11-03 25:00", "03/11/2026", "9999-01-01"):
            with self.assertRaises(CellError, msg=text):
                parse_date(text, strict=False)

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_any_text_is_clean_or_an_error(self, value):
        try:
            text = clean_text(value, "his_reference", strict=True)
        except CellError:
            return
        self.assertLessEqual(len(text), 64)
        self.assertEqual(text, text.strip())
        self.assertNotIn("\x00", text)
        self.assertNotIn("\u200b", text)
        text.encode("utf-8")  # storable

    def test_references_are_normalised(self):
        for variant in (
            "ＺＹ－００１",  # noqa: RUF001
            " ZY-001 ",
            "ZY\u200b-001",
            "\ufeffZY-001\u2060",
            "ZY-001\u00ad",
        ):
            self.assertEqual(clean_text(variant, "his_reference", strict=True), "ZY-001", variant)
        for bad, code in (("ZY\x00", "control"), ("ZY\ud800", "surrogate"), ("Z" * 65, "too_long")):
            with self.assertRaises(CellError) as caught:
                clean_text(bad, "his_reference", strict=True)
            self.assertEqual(caught.exception.code, code)

    def test_booleans(self):
        for text, value in (("是", True), ("否", False), ("YES", True), ("", False), ("0", False)):
            self.assertEqual(parse_bool(text, strict=False), value)
        for bad in ("maybe", "yes", 1):
            with self.assertRaises(CellError):
                parse_bool(bad, strict=True)

    def test_csv_separator_is_sniffed(self):
        for separator in (",", ";", "\t"):
            text = (
                separator.join(["HIS单号", "总费用", "药费"])
                + "\n"
                + separator.join(["A", "1", "2"])
            )
            self.assertEqual(read_csv(text.encode("gbk"))[1], ["A", "1", "2"], repr(separator))
