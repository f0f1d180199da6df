"""modeltranslation's admin classes, showing only the languages switched on.

Every known language has its content columns (so switching one on needs no migration);
the admin edits the languages of settings.LANGUAGES side by side and hides the rest.
"""

from django.conf import settings
from modeltranslation import admin as mt_admin
from modeltranslation.utils import build_localized_fieldname


def _switched_off(trans_opts) -> set[str]:
    enabled = {code for code, _name in settings.LANGUAGES}
    return {
        build_localized_fieldname(field, language)
        for field in trans_opts.fields
        for language in settings.MODELTRANSLATION_LANGUAGES
        if language not in enabled
    }


class EnabledLanguagesMixin:
    def replace_orig_field(self, option):
        option = super().replace_orig_field(option)
        if not option:
            return option
        hidden = _switched_off(self.trans_opts)
        kept = []
        for entry in option:
            if isinstance(entry, (list, tuple)):
                entry = type(entry)(name for name in entry if name not in hidden)
            elif entry in hidden:
                continue
            kept.append(entry)
        return kept

    def _exclude_original_fields(self, exclude=None):
        return super()._exclude_original_fields(exclude) + tuple(_switched_off(self.trans_opts))


class TranslationAdmin(EnabledLanguagesMixin, mt_admin.TranslationAdmin):
    pass


class TranslationStackedInline(EnabledLanguagesMixin, mt_admin.TranslationStackedInline):
    pass


class TranslationTabularInline(EnabledLanguagesMixin, mt_admin.TranslationTabularInline):
    pass
