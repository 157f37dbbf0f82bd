"""Private file downloads and error pages."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render

from coopcouncil.core.models import PrivateFile
from coopcouncil.core.permissions import can_download_private_file


def private_file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    private_file = get_object_or_404(PrivateFile, pk=pk)
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if not can_download_private_file(person, private_file):
        # 404 rather than 403, so a guessed number does not confirm the file exists.
        return render(request, "404.html", status=404)
    response = FileResponse(private_file.file.open("rb"), as_attachment=True, filename=private_file.original_name)
    response["Content-Type"] = private_file.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
