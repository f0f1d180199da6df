import re

import django_filters
from django import forms
from rest_framework import serializers, viewsets

from vision.access import PUBLIC_READ

from .models import Country, CountryIndexScore, InternationalIndex
from .rest import LanguageMixin, known
from .schema import COUNTRY_CODE, StrictBooleanFilter, documented


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name", "is_vision_country"]


class CountryFilter(django_filters.FilterSet):
    is_vision_country = StrictBooleanFilter()

    class Meta:
        model = Country
        fields = ["is_vision_country"]


class CountryViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The countries; the seven that co-designed the Vision are marked."""

    access = PUBLIC_READ

    queryset = Country.objects.order_by("code")
    serializer_class = CountrySerializer
    lookup_field = "code"
    filterset_class = CountryFilter
    ordering_fields = ["code", "name"]


class InternationalIndexSerializer(serializers.ModelSerializer):
    class Meta:
        model = InternationalIndex
        fields = ["slug", "name", "publisher", "url", "vision_text"]


class IndexScoreSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    index = InternationalIndexSerializer(read_only=True)

    class Meta:
        model = CountryIndexScore
        fields = [
            "id",
            "country",
            "index",
            "year",
            "value",
            "rank",
            "rank_out_of",
            "category",
            "source_url",
            "source_note",
        ]


class WholeNumberField(forms.IntegerField):
    """Digits only, with an optional minus: Django's IntegerField also takes `+5` and
    `2024.0`, which the schema's integer does not."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"-?[0-9]+", str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class YearFilter(django_filters.NumberFilter):
    """A whole number: `2024.5` or `+2024` is a 400, as the schema's integer says."""

    field_class = WholeNumberField


class IndexScoreFilter(django_filters.FilterSet):
    country = documented(
        known(Country.objects.all(), "code", "country", help_text="ISO code, e.g. KZ"),
        **COUNTRY_CODE,
    )
    index = known(InternationalIndex.objects.all(), "slug", "index", help_text="e.g. eiti")
    year = YearFilter()

    class Meta:
        model = CountryIndexScore
        fields = ["country", "index", "year"]


class IndexScoreViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Scores of the countries on the international indexes the Vision names."""

    access = PUBLIC_READ

    queryset = CountryIndexScore.objects.select_related("country", "index").order_by(
        "index__position", "country__code", "-year", "pk"
    )
    serializer_class = IndexScoreSerializer
    filterset_class = IndexScoreFilter
    ordering_fields = ["year", "country__code"]
