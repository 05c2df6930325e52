"""The list of exemplars (accepted entries), with filters and search."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from dienhinh.registrations.domain import queries
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.interfaces.forms import ListFilterForm
from dienhinh.registrations.views.candidates import list_params
from dienhinh.registrations.views.common import PAGE_SIZE, programs_for, require_record_role


@login_required
def exemplar_list(request):
    require_record_role(request.user)
    programs = programs_for(request.user)
    form = ListFilterForm(request.GET or None, programs=programs, statuses=ExemplarState.choices)
    params = list_params(request, form)
    qs = queries.exemplars(request.user)
    if params.get("status"):
        qs = qs.filter(state=params["status"])
    if params.get("organisation"):
        qs = qs.filter(organisation__path__startswith=params.pop("organisation").path)
    params["organisation"] = None
    qs = queries.filter_list(qs, params, prefix="candidate__")
    qs = qs.select_related("candidate", "candidate__field", "organisation", "program").order_by(
        "candidate__name_key", "id"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registrations/exemplar_list.html", {"page": page, "form": form})
