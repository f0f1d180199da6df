"""The international indexes' scores per country per year (the Vision, section II.1: the
CIVICUS Monitor, the EIU's Democracy Index, the Human Freedom Index, OGP, EITI), imported
by network admins from the file each publisher offers for download, with the dry run of
the other imports (imports.py).

A publisher's file covers the world: rows of other countries are left aside, and so are
the columns the platform does not keep (the Human Freedom Index has over a hundred). A
file may hold one edition (give its year on the form), a year column (one row per country
and year), or one column per year (the EIU's table of scores since 2006).
"""

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from vision.models import Country, CountryIndexScore, InternationalIndex

# The Vision's countries as publishers name them besides their ISO codes.
ISO3 = {"AF": "AFG", "KZ": "KAZ", "KG": "KGZ", "MN": "MNG", "TJ": "TJK", "TM": "TKM", "UZ": "UZB"}
OTHER_NAMES = {"KG": ["kyrgyz republic", "kyrgyz rep."], "AF": ["afghanistan, islamic rep."]}

YEAR_COLUMN = re.compile(r"^(19|20)\d\d$")
# A publisher's download is wider than the platform's own files.
MAX_COLUMNS = 400


@dataclass(frozen=True)
class Layout:
    """The columns of a publisher's download that carry a score, a rank and a rating, and
    what the publisher's scores and ratings may be."""

    score: tuple[str, ...] = ("score", "value")
    rank: tuple[str, ...] = ("rank",)
    category: tuple[str, ...] = ("category",)
    low: Decimal | None = None
    high: Decimal | None = None
    # The ratings the publisher gives, from the best to the worst; empty: any text.
    categories: tuple[str, ...] = ()


LAYOUTS = {
    "civicus-monitor": Layout(
        score=(),
        rank=(),
        category=("rating", "civic space rating", "civic space", "category"),
        categories=("open", "narrowed", "obstructed", "repressed", "closed"),
    ),
    "eiu-democracy-index": Layout(
        score=("overall score", "democracy index", "democracy score", "score"),
        category=("regime type", "regime"),
        low=Decimal(0),
        high=Decimal(10),
        categories=("full democracy", "flawed democracy", "hybrid regime", "authoritarian"),
    ),
    "human-freedom-index": Layout(
        score=("hf_score", "human freedom", "human freedom score", "score"),
        rank=("hf_rank", "rank"),
        category=(),
        low=Decimal(0),
        high=Decimal(10),
    ),
    "eiti": Layout(
        score=("overall score", "score"),
        rank=(),
        category=("overall assessment", "validation status", "status"),
        low=Decimal(0),
        high=Decimal(100),
    ),
    "ogp": Layout(score=(), rank=(), category=("membership status", "status", "category")),
}

COMMON = {
    "country": ["country", "countries", "country name", "entity", "iso_code", "iso", "code"],
    "year": ["year", "edition", "data year"],
    "source_url": ["source link", "source", "url"],
}


def layout_of(index: InternationalIndex) -> Layout:
    return LAYOUTS.get(index.slug, Layout())


def columns_of(index: InternationalIndex) -> dict[str, list[str]]:
    """Each field and the column names that carry it in this publisher's download."""
    layout = layout_of(index)
    found = {"country": COMMON["country"], "year": COMMON["year"]}
    for field in ("score", "rank", "category"):
        if getattr(layout, field):
            found[field] = list(getattr(layout, field))
    found["source_url"] = COMMON["source_url"]
    return found


def year_columns(header) -> list[str]:
    """The columns named by a year: one score per country and year."""
    return [column for column in header if YEAR_COLUMN.match(column)]


def _number(text: str) -> Decimal:
    try:
        number = Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Not a number.")) from None
    if not number.is_finite():
        raise ValueError(_("Not a number."))
    return number


class ScoreRow:
    """Checks one row of a publisher's download: the country, the year or years, and the
    score, rank and rating against what the publisher gives."""

    def __init__(self, index: InternationalIndex, year: int | None):
        self.index, self.year, self.layout = index, year, layout_of(index)
        self.countries = {}
        for country in Country.objects.filter(is_vision_country=True):
            names = [country.code, ISO3.get(country.code, ""), country.name_en or country.name]
            for name in [*names, *OTHER_NAMES.get(country.code, [])]:
                if name:
                    self.countries[name.lower()] = country
        self.existing = set(
            CountryIndexScore.objects.filter(index=index).values_list("country_id", "year")
        )

    def __call__(self, row: dict[str, str], by_year: dict[str, str]) -> list[dict]:
        """The row's scores: one, or one per year column that holds a figure."""
        name = row.get("country", "")
        country = self.countries.get(name.lower())
        if country is None:
            return [self._left_aside(name)]
        if by_year:
            # One figure a year: a score, or a rating where the publisher gives no score.
            # A rank or rating beside them is the latest edition's, not each year's.
            figure = "score" if self.layout.score else "category"
            scores = [
                self._score(country, row, {"rank": "", "category": "", "year": year, figure: cell})
                for year, cell in by_year.items()
                if cell
            ]
            return scores or [self._score(country, row, {})]
        return [self._score(country, row, {})]

    def _left_aside(self, name: str) -> dict:
        """Another country's row, left aside; a name close to a Vision country's is a
        misspelling, an error."""
        errors = {}
        if not name:
            errors["country"] = _("This cannot be empty.")
        elif close := difflib.get_close_matches(name.lower(), self.countries, n=1, cutoff=0.8):
            errors["country"] = _("Unknown country: did you mean %(name)s?") % {
                "name": self.countries[close[0]].name
            }
        return {"key": None, "action": "skip", "country_label": name, "errors": errors}

    def _score(self, country, row, cells) -> dict:
        row = {**row, **cells}
        errors = {}
        year = self._year(row, errors)
        value = rank = None
        if row.get("score"):
            try:
                value = _number(row["score"])
            except ValueError as error:
                errors["score"] = str(error)
            else:
                low, high = self.layout.low, self.layout.high
                if (low is not None and value < low) or (high is not None and value > high):
                    errors["score"] = _("The %(index)s scores from %(low)s to %(high)s.") % {
                        "index": self.index.name,
                        "low": low,
                        "high": high,
                    }
        if row.get("rank"):
            try:
                rank = int(_number(row["rank"]))
                if rank < 1:
                    raise ValueError
            except ValueError:
                errors["rank"] = _("A rank is a whole number from 1.")
        category = row.get("category", "").strip()
        if category and self.layout.categories:
            category = category.lower()
            if category not in self.layout.categories:
                errors["category"] = _("The %(index)s rates as %(ratings)s.") % {
                    "index": self.index.name,
                    "ratings": ", ".join(self.layout.categories),
                }
        if value is None and rank is None and not category and "score" not in errors:
            errors.setdefault("", _("The row has no score, rank or rating."))
        return {
            "key": [country.pk, self.index.pk, year] if year else None,
            "action": "update" if (country.pk, year) in self.existing else "create",
            "country": country.pk,
            "country_label": country.name,
            "index": self.index.pk,
            "year": year,
            "value": str(value) if value is not None else None,
            "rank": rank,
            "category": category[:100],
            "source_url": row.get("source_url", "")[:200] or self.index.url,
            "errors": errors,
        }

    def _year(self, row, errors) -> int | None:
        text = str(row.get("year", "")).strip()
        if not text:
            if self.year is None:
                errors["year"] = _(
                    "The file has no year: choose the edition’s year on the form, or add a "
                    "Year column."
                )
            return self.year
        try:
            year = int(_number(text))
        except ValueError:
            year = 0
        if not 1990 <= year <= 2100:
            errors["year"] = _("A year from 1990 to 2100.")
            return None
        return year


def apply_score(row: dict, *, source: str) -> None:
    if row["action"] == "skip":
        return
    CountryIndexScore.objects.update_or_create(
        country_id=row["country"],
        index_id=row["index"],
        year=row["year"],
        defaults={
            "value": Decimal(row["value"]) if row["value"] is not None else None,
            "rank": row["rank"],
            "category": row["category"],
            "source_url": row["source_url"],
            "source_note": _("Imported from %(file)s") % {"file": source},
            "is_demo": False,
        },
    )
