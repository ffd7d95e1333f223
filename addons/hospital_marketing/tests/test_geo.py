"""The haversine distance (tools/geo.py) that flags a check-in far from its partner."""

import math

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import BaseCase

from ..tools.geo import EARTH_RADIUS_M, haversine_m

LATITUDES = st.floats(min_value=-90.0, max_value=90.0)
LONGITUDES = st.floats(min_value=-180.0, max_value=180.0)


class TestHaversine(BaseCase):
    def test_known_distances(self):
        # one degree of latitude is about 111.2 km; Changsha to Beijing about 1340 km
        self.assertAlmostEqual(haversine_m(28.0, 112.9, 29.0, 112.9), 111195, delta=5)
        self.assertAlmostEqual(haversine_m(28.2282, 112.9388, 39.9042, 116.4074), 1.34e6, delta=1e4)
        self.assertAlmostEqual(haversine_m(0, 0, 0, 180), math.pi * EARTH_RADIUS_M, delta=1)

    @given(LATITUDES, LONGITUDES, LATITUDES, LONGITUDES)
    def test_symmetric_bounded_and_zero_on_the_same_point(self, lat1, lon1, lat2, lon2):
        distance = haversine_m(lat1, lon1, lat2, lon2)
        self.assertGreaterEqual(distance, 0.0)
        self.assertLessEqual(distance, math.pi * EARTH_RADIUS_M + 1e-6)
        self.assertAlmostEqual(distance, haversine_m(lat2, lon2, lat1, lon1), delta=1e-6)
        self.assertAlmostEqual(haversine_m(lat1, lon1, lat1, lon1), 0.0, delta=1e-6)

    @given(LATITUDES, LONGITUDES, LATITUDES, LONGITUDES, LATITUDES, LONGITUDES)
    def test_triangle_inequality(self, lat1, lon1, lat2, lon2, lat3, lon3):
        direct = haversine_m(lat1, lon1, lat3, lon3)
        via = haversine_m(lat1, lon1, lat2, lon2) + haversine_m(lat2, lon2, lat3, lon3)
        self.assertLessEqual(direct, via + 1e-3)
