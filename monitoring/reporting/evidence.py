"""Evidence files: what may be uploaded, checked by extension, size and content, and
where they are kept."""

import os
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
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
    # Text has no signature: checked by TEXT_MARKUP below instead.
    "csv": (),
    "txt": (),
}
TEXT = {"csv", "txt"}
# What a browser would run as a page if it ever displayed the file: an HTML or SVG page
# saved as .csv or .txt is refused, though evidence is only ever downloaded.
TEXT_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body")
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
    if extension in TEXT:
        matches = _is_plain_text(upload.read(64 * 1024))
        upload.seek(0)
        if not matches:
            raise ValidationError(
                _("The content of this file is not plain text (UTF-8, without HTML).")
            )
        return
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


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # The sample may end inside a multi-byte character: ignore an incomplete last one.
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
    lowered = head.lower()
    return not any(marker in lowered for marker in TEXT_MARKUP)


class EvidenceStorage(FileSystemStorage):
    """Evidence, kept apart from public uploads (logos) in EVIDENCE_ROOT, which nothing
    serves: drafts' evidence must not leak. The evidence view hands a file to those who
    may see its report; so a file has no URL of its own."""

    @property
    def base_location(self):
        # Read on every use, so that a test or a deployment moving the folder is obeyed.
        return settings.EVIDENCE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence files have no public URL; link to Evidence.get_absolute_url().")


def evidence_storage() -> EvidenceStorage:
    return EvidenceStorage()


def file_response(evidence):
    """An evidence file as a download, never shown in the browser whatever it turns out to
    contain, and kept out of shared caches; a 404 when the file is gone."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=str(evidence), content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
