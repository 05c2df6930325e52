"""The OpenAPI document and its browsable docs (Swagger UI, vendored; set up by a static file)."""

from django.shortcuts import render
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dienhinh.api.auth import SessionAuthentication, TokenAuthentication
from dienhinh.api.models import ApiToken
from dienhinh.api.views.base import TokenAudited


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document, open to all: it describes the API, not any record."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes: list = []
    throttle_classes: list = []


def docs(request):
    return render(request, "api/docs.html")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    token = serializers.CharField(allow_null=True, help_text="The token's name, if one is used")
    scope = serializers.CharField(allow_null=True)


class MeView(TokenAudited, APIView):
    """Who the request acts as: check a token here first (it reads no record)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        user = request.user
        return Response(
            {
                "username": user.get_username(),
                "name": user.get_full_name(),
                "token": token.name if token else None,
                "scope": token.scope if token else None,
            }
        )
