"""Evidence files: what may be uploaded, checked by extension, size and content."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

PDF = (b"%PDF-",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Word, Excel and PowerPoint before 2007.
ZIP = (b"PK\x03\x04",)  # OOXML (docx, xlsx, pptx) and OpenDocument files are zip archives.
SIGNATURES = {
    "pdf": PDF,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "doc": OLE,
    "xls": OLE,
    "ppt": OLE,
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "odp": ZIP,
}
ZIP_MEMBERS = {
    "docx": "word/",
    "xlsx": "xl/",
    "pptx": "ppt/",
    "odt": "mimetype",
    "ods": "mimetype",
    "odp": "mimetype",
}
ALLOWED = ", ".join(sorted(SIGNATURES))


def validate_evidence_file(upload) -> None:
    """Refuse a file over 10 MB, of a type not allowed, or whose content is not what its
    extension says (a renamed executable, a script called report.pdf)."""
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Files of type “%(type)s” are not accepted. Allowed: %(allowed)s.")
            % {"type": extension or "?", "allowed": ALLOWED}
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; evidence files may be at most 10 MB.")
            % {"size": filesizeformat(upload.size)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    matches = any(head.startswith(signature) for signature in SIGNATURES[extension])
    if extension == "webp":
        matches = matches and head[8:12] == b"WEBP"
    if matches and extension in ZIP_MEMBERS:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = []
        upload.seek(0)
        matches = any(name.startswith(ZIP_MEMBERS[extension]) for name in names)
    if not matches:
        raise ValidationError(
            _("The content of this file is not a %(type)s file.") % {"type": extension.upper()}
        )
