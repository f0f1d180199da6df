"""The map of the seven countries as SVG paths, drawn once from the outlines in
monitoring/data/geo/ (Natural Earth 1:50m, public domain)."""

import json
import math
from functools import lru_cache
from pathlib import Path

OUTLINES = Path(__file__).resolve().parents[1] / "data" / "geo" / "central-asia.geojson"
WIDTH = 800


def _rings(geometry):
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return [ring for polygon in polygons for ring in polygon]


@lru_cache(maxsize=1)
def _features() -> list:
    return json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]


@lru_cache(maxsize=1)
def _projection():
    points = [point for f in _features() for ring in _rings(f["geometry"]) for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # An equirectangular projection scaled by the cosine of the middle latitude keeps the
    # region's shapes recognisable without a projection library.
    shrink = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * shrink)
    height = round((north - south) * scale)
    return west, north, shrink, scale, height


def project(lon: float, lat: float) -> tuple[float, float]:
    """A point's place on the map (x, y in the viewbox)."""
    west, north, shrink, scale, _height = _projection()
    return round((float(lon) - west) * shrink * scale, 1), round((north - float(lat)) * scale, 1)


def country_contains(code: str, lon: float, lat: float) -> bool:
    """Whether the point lies inside the country's outline (even-odd rule over its rings,
    so that a hole or an enclave is outside)."""
    lon, lat = float(lon), float(lat)
    inside = False
    for feature in _features():
        if feature["properties"]["iso_a2"] != code:
            continue
        for ring in _rings(feature["geometry"]):
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
    return inside


@lru_cache(maxsize=1)
def country_shapes() -> dict:
    """{"viewbox": "0 0 W H", "paths": {iso2: "M…Z"}, "labels": {iso2: (x, y)}}."""
    height = _projection()[4]
    paths, labels = {}, {}
    for feature in _features():
        parts = []
        largest, largest_size = None, -1
        for ring in _rings(feature["geometry"]):
            projected = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in projected) + "Z")
            if len(projected) > largest_size:
                largest, largest_size = projected, len(projected)
        code = feature["properties"]["iso_a2"]
        paths[code] = "".join(parts)
        labels[code] = (
            round(sum(x for x, _y in largest) / len(largest)),
            round(sum(y for _x, y in largest) / len(largest)),
        )
    return {"viewbox": f"0 0 {WIDTH} {height}", "paths": paths, "labels": labels}
