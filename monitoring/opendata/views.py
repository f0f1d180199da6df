"""The open-data page and its files."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from monitoring import opendata
from vision.access import PUBLIC, declare


@declare(PUBLIC)
def open_data(request):
    downloads = opendata.downloads(opendata.manifest())
    return render(request, "monitoring/open_data.html", {"downloads": downloads})


@declare(PUBLIC)
def open_data_file(request, path: str):
    """A download, served from the current build; nothing outside it is reachable."""
    base = (opendata.root() / "current").resolve()
    target = (base / path).resolve()
    if base not in target.parents or not target.is_file():
        raise Http404
    return FileResponse(open(target, "rb"), as_attachment=True, filename=target.name)
