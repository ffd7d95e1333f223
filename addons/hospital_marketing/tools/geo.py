"""Distances on the earth between WGS-84 positions (what a browser's geolocation gives)."""

import math

# mean earth radius (IUGG), in metres
EARTH_RADIUS_M = 6371008.8


def haversine_m(lat1, lon1, lat2, lon2):
    """The great-circle distance in metres between two positions given in degrees.

    Both positions must be WGS-84: a position read off a Chinese map service (GCJ-02) is
    shifted by up to a few hundred metres and gives a wrong distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    # rounding may push ``a`` a hair outside [0, 1] for antipodal points
    a = min(1.0, max(0.0, a))
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
