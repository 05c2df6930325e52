"""The exemplar list lives in honours; this old address sends people there."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse


@login_required
def exemplar_list(request):
    url = reverse("honours:exemplar_list")
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url)
