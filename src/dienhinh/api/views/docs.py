"""The OpenAPI document and its browsable docs (Swagger UI, vendored; set up by a static file)."""

from django.shortcuts import render
from drf_spectacular.views import SpectacularAPIView

from dienhinh.api.auth import SessionAuthentication, TokenAuthentication


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document, open to all: it describes the API, not any record."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes: list = []
    throttle_classes: list = []


def docs(request):
    return render(request, "api/docs.html")
