"""The standing agency's publicity pages: write and publish stories, record media appearances."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.core.search import words_q
from dienhinh.honours.domain import HonoursError
from dienhinh.portal import permissions, publicity
from dienhinh.portal.content import sanitise
from dienhinh.portal.enums import Channel
from dienhinh.portal.exports import appearances_xlsx
from dienhinh.portal.forms import AppearanceForm, StoryForm
from dienhinh.portal.models import PUBLIC_STATES_EXCLUDED, MediaAppearance, Story
from dienhinh.registrations.models import Exemplar


def _require_standing(user):
    if not permissions.may_publicise(user):
        raise Http404


def _exemplars(user):
    _require_standing(user)
    return permissions.publicised(
        Exemplar.objects.select_related("candidate", "organisation", "program"), user
    ).exclude(state__in=PUBLIC_STATES_EXCLUDED)


def _exemplar_or_404(user, pk):
    try:
        return _exemplars(user).get(pk=pk)
    except Exemplar.DoesNotExist as exc:
        raise Http404 from exc


STORY_STATES = {
    "published": Q(story__is_published=True),
    "draft": Q(story__isnull=False, story__is_published=False),
    "none": Q(story__isnull=True),
}


@login_required
def worklist(request):
    """The exemplars to write about, filtered by name, year and their story's state."""
    exemplars = _exemplars(request.user).select_related("story").order_by("-year", "id")
    q = (request.GET.get("q") or "").strip()[:200]
    if q:
        exemplars = exemplars.filter(words_q("candidate__search_text", q))
    story = request.GET.get("story", "")
    if story in STORY_STATES:
        exemplars = exemplars.filter(STORY_STATES[story])
    else:
        story = ""
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        exemplars = exemplars.filter(year=int(year))
    else:
        year = ""
    return render(
        request,
        "portal/publicity/worklist.html",
        {
            "exemplars": exemplars[:500],
            "q": q,
            "story": story,
            "year": year,
            "story_states": [
                ("published", _("Published")),
                ("draft", _("Draft")),
                ("none", _("No story yet")),
            ],
        },
    )


@login_required
def story_edit(request, pk):
    exemplar = _exemplar_or_404(request.user, pk)
    story = Story.objects.filter(exemplar=exemplar).first() or Story()
    story.exemplar = exemplar  # already read, with its organisation
    form = StoryForm(request.POST or None, request.FILES or None, instance=story)
    preview = None
    if request.method == "POST" and "preview" in request.POST and form.is_valid():
        # Shown as the portal will show it (the body sanitised), nothing saved.
        data = form.cleaned_data
        preview = {
            "title": data["title"],
            "summary": data["summary"],
            "body": sanitise(data["body"]),
        }
    elif request.method == "POST" and form.is_valid():
        story = publicity.save_story(form.save(commit=False), actor=request.user)
        messages.success(request, _("The story was saved."))
        return redirect("portal:story_edit", pk=exemplar.pk)
    return render(
        request,
        "portal/publicity/story_form.html",
        {
            "form": form,
            "exemplar": exemplar,
            "story": story,
            "may_publish": permissions.may_publish_story(request.user, exemplar),
            "preview": preview,
        },
    )


@login_required
@require_POST
def story_publish(request, pk):
    """Publish the story: the honours lifecycle moves the exemplar to "published" when it can."""
    exemplar = _exemplar_or_404(request.user, pk)
    story = Story.objects.filter(exemplar=exemplar).first()
    if story is not None:
        story.exemplar = exemplar  # already read, with its organisation
    if story is None:
        messages.error(request, _("Write the story before publishing it."))
        return redirect("portal:story_edit", pk=exemplar.pk)
    try:
        publicity.publish_story(story, actor=request.user)
    except (ValidationError, ValueError, HonoursError, NotPermitted) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("portal:story_edit", pk=exemplar.pk)
    messages.success(request, _("The story is published on the portal."))
    return redirect("portal:story_edit", pk=exemplar.pk)


@login_required
@require_POST
def story_unpublish(request, pk):
    exemplar = _exemplar_or_404(request.user, pk)
    story = Story.objects.filter(exemplar=exemplar).first()
    if story is not None and story.is_published:
        story.exemplar = exemplar  # already read, with its organisation
        publicity.unpublish_story(story, actor=request.user)
        messages.success(request, _("The story was taken off the portal."))
    return redirect("portal:story_edit", pk=exemplar.pk)


@login_required
def appearance_new(request, pk):
    exemplar = _exemplar_or_404(request.user, pk)
    form = AppearanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        appearance = form.save(commit=False)
        appearance.exemplar = exemplar
        publicity.record_appearance(appearance, actor=request.user)
        messages.success(request, _("The appearance was recorded."))
        return redirect("portal:appearance_new", pk=exemplar.pk)
    return render(
        request,
        "portal/publicity/appearance_form.html",
        {
            "form": form,
            "exemplar": exemplar,
            "appearances": exemplar.media_appearances.all(),
        },
    )


@login_required
def appearance_list(request):
    """Appearances in the user's scope, by channel; ?format=xlsx downloads the same list."""
    _require_standing(request.user)
    rows = permissions.publicised(
        MediaAppearance.objects.select_related(
            "exemplar__candidate", "exemplar__organisation", "exemplar__program"
        ),
        request.user,
        field="exemplar__organisation",
    )
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    else:
        channel = ""
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        rows = rows.filter(date__year=int(year))
    else:
        year = ""
    q = (request.GET.get("q") or "").strip()[:200]
    if q:
        rows = rows.filter(Q(title__icontains=q) | words_q("exemplar__candidate__search_text", q))
    rows = rows.order_by("channel", "-date", "-id")
    if request.GET.get("format") == "xlsx":
        return appearances_xlsx(rows[:20000])
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "portal/publicity/appearance_list.html",
        {
            "rows": rows[:1000],
            "channels": Channel.choices,
            "channel": channel,
            "year": year,
            "q": q,
            "query": query.urlencode(),
        },
    )
