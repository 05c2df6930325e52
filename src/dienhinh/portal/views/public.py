"""Public pages, no login: homes, the filtered and searchable list, detail, print sheet, photo."""

import datetime
import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET

from dienhinh.orgs.models import Organisation
from dienhinh.portal import forms, queries, search
from dienhinh.portal.content import photo_type, sanitise
from dienhinh.portal.forms import FilterForm
from dienhinh.programs.models import Program

PAGE_SIZE = 20
LATEST = 6


def _changed(request):
    """The data's last change and the honours fingerprint, computed once per request."""
    if not hasattr(request, "_portal_changed"):
        request._portal_changed = queries.freshness()
    return request._portal_changed


def _last_modified(request, *args, **kwargs):
    return _changed(request)[0]


def _etag(request, *args, **kwargs):
    # The page depends on the data, the language and the query string.
    last, honours = _changed(request)
    key = "|".join(
        [
            last.isoformat() if last else "-",
            honours,
            get_language() or "",
            request.get_full_path(),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _counts(request, scope, stories, root):
    """The counts by field and district, kept in the cache until the data changes."""
    last, honours = _changed(request)
    key = f"portal:counts:{scope}:{last.isoformat() if last else '-'}:{honours}"
    return cache.get_or_set(key, lambda: queries.counts(stories, root), 24 * 3600)


fresh = condition(etag_func=_etag, last_modified_func=_last_modified)


def _public_programs():
    return Program.objects.exclude(status="draft").order_by("-issued_on", "code")


@require_GET
@fresh
def home(request):
    stories = queries.public_stories()
    # The provinces of today first; one that ended (merged in 2025) says until when it existed,
    # so that two of the same name (Tỉnh Quảng Trị before and after the merger) stay apart.
    roots = Organisation.objects.filter(depth=0).order_by(
        F("ended_on").asc(nulls_first=True), "name"
    )
    provinces = [
        (o, o.ended_on - datetime.timedelta(days=1) if o.ended_on else None) for o in roots
    ]
    return render(
        request,
        "portal/home.html",
        {
            "latest": _latest(stories),
            "canonical": request.build_absolute_uri(request.path),
            "programs": _public_programs(),
            "provinces": provinces,
            "counts": _counts(request, "all", stories, None),
        },
    )


@require_GET
@fresh
def program_home(request, code):
    program = get_object_or_404(_public_programs(), code=code)
    stories = queries.public_stories().filter(exemplar__program=program)
    return render(
        request,
        "portal/program_home.html",
        {
            "program": program,
            "latest": _latest(stories),
            "canonical": request.build_absolute_uri(request.path),
            "counts": _counts(request, f"p{program.pk}", stories, program.organisation),
            "fields": program.fields.filter(parent__isnull=True).order_by("position"),
        },
    )


@require_GET
@fresh
def province_home(request, code):
    province = get_object_or_404(Organisation, code=code, depth=0)
    stories = queries.in_subtree(queries.public_stories(), province)
    return render(
        request,
        "portal/province_home.html",
        {
            "province": province,
            "latest": _latest(stories),
            "canonical": request.build_absolute_uri(request.path),
            "counts": _counts(request, f"o{province.pk}", stories, province),
            "programs": _public_programs().filter(organisation__path__startswith=province.path),
        },
    )


@require_GET
@fresh
def exemplar_list(request):
    form = FilterForm(request.GET or None)
    stories = queries.public_stories()
    q = ""
    if form.is_valid():
        stories = form.apply(stories)
        q = form.cleaned_data.get("q") or ""
    hits, searched = search.apply(stories, q)
    page = _page(hits, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/exemplar_list.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "query_string": query.urlencode(),
            "q": q,
            "count_limit": search.COUNT_LIMIT,
        },
    )


@require_GET
def organisation_choices(request):
    """The options of the list's unit filter for one province (htmx, on choosing it)."""
    code = request.GET.get("province") or ""
    province = Organisation.objects.filter(depth=0, status="active", code=code).first()
    choices = [("", _("All units")), *forms.organisation_choices(province)]
    return render(request, "portal/includes/options.html", {"choices": choices})


@require_GET
def field_choices(request):
    """The options of the list's field filter for one program (htmx, on choosing it)."""
    code = request.GET.get("program") or ""
    program = Program.objects.exclude(status="draft").filter(code=code).first()
    choices = [("", _("All fields")), *forms.field_choices(program)]
    return render(request, "portal/includes/options.html", {"choices": choices})


def _in_order(ids):
    rows = queries.card_stories().in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


def _latest(stories):
    # The ids walk the (is_published, published_at, id) index; only six full rows are read.
    return _in_order(list(stories.values_list("pk", flat=True)[:LATEST]))


class CappedPaginator(Paginator):
    """Pages of hits counted up to COUNT_LIMIT: beyond it, "more than" and no further pages.

    Counting every hit of a common word is what made a search slow (a count over the join of
    tens of thousands of rows); the first COUNT_LIMIT hits are all a reader pages through.
    """

    @cached_property
    def count(self):
        return min(self.object_list.count(), search.COUNT_LIMIT)

    @cached_property
    def more(self) -> bool:
        """Whether there are more hits than counted."""
        hits: search.Hits = self.object_list  # type: ignore[assignment]
        return hits.count() > search.COUNT_LIMIT


def _page(hits, number):
    """One page of stories in two steps: the ids (read in index order), then those rows."""
    page = CappedPaginator(hits, PAGE_SIZE).get_page(number)
    page.object_list = _in_order(list(page.object_list))
    return page


def _story_or_404(pk):
    story = queries.public_stories().filter(exemplar_id=pk).first()
    if story is None:
        raise Http404
    return story


def _detail_context(story):
    exemplar = story.exemplar
    # Sanitised on save already; again here so that rows written in bulk cannot slip through.
    story.body = sanitise(story.body)
    return {
        "story": story,
        "exemplar": exemplar,
        "candidate": exemplar.candidate,
        "honours": queries.honours_of(exemplar),
        "replications": queries.replications_of(exemplar),
    }


def _story_changed(request, pk, *args, **kwargs):
    return _changed(request)[0]


def _story_etag(request, pk, *args, **kwargs):
    last, honours = _changed(request)
    key = "|".join(
        [
            str(pk),
            last.isoformat() if last else "-",
            honours,
            get_language() or "",
            request.path,
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


fresh_story = condition(etag_func=_story_etag, last_modified_func=_story_changed)


@require_GET
@fresh_story
def exemplar_detail(request, pk):
    story = _story_or_404(pk)
    context = _detail_context(story)
    context["canonical"] = request.build_absolute_uri(story_url(story))
    if story.photo:
        context["photo_url"] = request.build_absolute_uri(reverse("portal:photo", args=[pk]))
    context["json_ld"] = _json_ld(story, context)
    return render(request, "portal/exemplar_detail.html", context)


@require_GET
@fresh_story
def exemplar_sheet(request, pk):
    """The print-friendly sheet "Gương người tốt, việc tốt"."""
    return render(request, "portal/exemplar_sheet.html", _detail_context(_story_or_404(pk)))


@require_GET
def photo(request, pk):
    story = _story_or_404(pk)
    if not story.photo:
        raise Http404
    handle = story.photo.open("rb")
    mime = photo_type(handle.read(16))
    handle.seek(0)
    if mime is None:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=mime)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _json_ld(story, context) -> str:
    """schema.org Article data, escaped so that no text can close the <script> element."""
    exemplar = story.exemplar
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title[:110],
        "description": story.summary,
        "url": context["canonical"],
        "mainEntityOfPage": context["canonical"],
        "about": {
            "@type": "Person"
            if exemplar.candidate.subject_type == "individual"
            else "Organization",
            "name": exemplar.candidate.name,
        },
        "publisher": {"@type": "Organization", "name": exemplar.program.issuer},
        "sourceOrganization": {"@type": "Organization", "name": exemplar.organisation.name},
        "inLanguage": "vi",
    }
    if story.published_at:
        data["datePublished"] = story.published_at.isoformat()
    data["dateModified"] = story.updated_at.isoformat()
    if context.get("photo_url"):
        data["image"] = context["photo_url"]
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308 - escaped just above


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def story_url(story) -> str:
    return reverse("portal:exemplar_detail", args=[story.exemplar_id])
