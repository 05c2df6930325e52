"""Atom feeds of published stories, per program and per field."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from dienhinh.portal import queries
from dienhinh.programs.models import Field, Program

FEED_SIZE = 30


class ProgramFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code):
        return get_object_or_404(Program.objects.exclude(status="draft"), code=code)

    def title(self, program):
        return _("Exemplars: %(program)s") % {"program": program.short_title}

    def link(self, program):
        return reverse("portal:program_home", args=[program.code])

    def subtitle(self, program):
        return program.title

    def items(self, program):
        return queries.public_stories().filter(exemplar__program=program)[:FEED_SIZE]

    def item_title(self, story):
        return f"{story.exemplar.candidate.name}: {story.title}"

    def item_description(self, story):
        return story.summary or strip_tags(story.body)[:400]

    def item_link(self, story):
        return reverse("portal:exemplar_detail", args=[story.exemplar_id])

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at


class FieldFeed(ProgramFeed):
    def get_object(self, request, code, field):
        return get_object_or_404(
            Field.objects.select_related("program").exclude(program__status="draft"),
            program__code=code,
            code=field,
        )

    def title(self, field):
        return _("Exemplars: %(program)s, field %(field)s") % {
            "program": field.program.short_title,
            "field": field,
        }

    def link(self, field):
        return f"{reverse('portal:exemplar_list')}?program={field.program.code}&field={field.pk}"

    def subtitle(self, field):
        return field.name

    def items(self, field):
        ids = [field.pk, *field.children.values_list("pk", flat=True)]
        return queries.public_stories().filter(exemplar__candidate__field__in=ids)[:FEED_SIZE]
