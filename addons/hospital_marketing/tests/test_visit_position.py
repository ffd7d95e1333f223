"""A visit's check-in position is validated before it is written: an absurd number from a
phone's GPS or an RPC client (1e308, NaN, infinity) is refused with a clear message instead
of overflowing the database column. A promoter's positions come in through the check-in
(``_check_in``); the fields themselves are protected."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MarketingCase

POSITIONS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-180.0, max_value=180.0),
    st.sampled_from([1e308, -1e308, 90.0, -90.0, 180.0, -180.0, 90.0000001, 180.0000001]),
)
HYPOTHESIS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


@tagged("post_install", "-at_install")
class TestVisitPosition(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.partner"].create({"name": "Clinic", "is_company": True})
        cls.Visit = cls.env["hospital.visit"].with_user(cls.user_promoter)
        cls.visit = cls.Visit.create({"partner_id": cls.clinic.id})

    def _valid(self, fname, value):
        bound = 90.0 if fname == "latitude" else 180.0
        return math.isfinite(value) and -bound <= value <= bound

    @HYPOTHESIS
    @given(latitude=POSITIONS, longitude=POSITIONS)
    def test_position_is_checked_before_writing(self, latitude, longitude):
        values = {"latitude": latitude, "longitude": longitude}
        valid = self._valid("latitude", latitude) and self._valid("longitude", longitude)
        before = self.visit.read(["latitude", "longitude"])[0]
        if valid:
            # a position comes in through the check-in (the fields are protected)
            visit = self.Visit.create({"partner_id": self.clinic.id})
            visit._check_in(latitude, longitude, 5.0, fields.Datetime.now())
            visit.invalidate_recordset()
            self.assertAlmostEqual(visit.latitude, latitude, places=6)
            self.assertAlmostEqual(visit.longitude, longitude, places=6)
        else:
            with self.assertRaisesRegex(ValidationError, "between -90 and 90"):
                self.visit._check_in(latitude, longitude, 5.0, fields.Datetime.now())
            with self.assertRaisesRegex(ValidationError, "between -90 and 90"):
                self.visit.write(values)
            with self.assertRaisesRegex(ValidationError, "between -90 and 90"):
                self.Visit.create({"partner_id": self.clinic.id, **values})
            self.visit.invalidate_recordset()
            after = self.visit.read(["latitude", "longitude"])[0]
            self.assertEqual(after, before, "nothing written, the transaction still usable")

    def test_overflowing_latitude_gets_a_clear_message(self):
        for values in (
            {"latitude": 1e308},
            {"longitude": -1e308},
            {"latitude": math.nan},
            {"longitude": math.inf},
            {"latitude": "north"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.Visit.create({"partner_id": self.clinic.id, **values})
        # an import (as superuser) may still bring a position; a promoter checks in
        visit = self.env["hospital.visit"].create(
            {
                "partner_id": self.clinic.id,
                "promoter_id": self.employees["promoter"].id,
                "latitude": 28.2282,
            }
        )
        self.assertEqual(visit.latitude, 28.2282)
        self.assertEqual(visit.checkin_status, "ok")
