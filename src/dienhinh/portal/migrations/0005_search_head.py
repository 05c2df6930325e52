"""Search in two parts and newest-first pages without a sort.

- `Story.search_head`: the folded name, organisation, title and summary. Stories whose head
  holds every word of a query come first. PostgreSQL keeps its tsvector in a stored generated
  column `head_vector` with a GIN index; SQLite's FTS table gets a second column.
- Both search texts are recomputed as words separated by spaces: PostgreSQL's parser read
  "dan.sang" (two paragraphs run together by strip_tags) as one host name, so such words could
  not be found there while SQLite found them.
- The index on published_at becomes (published_at, id) for published stories: the newest
  stories, filtered or searched, are read in index order and a page stops after its rows.
"""

import re
import unicodedata

from django.db import migrations, models
from django.utils.html import strip_tags

from dienhinh.core.dbops import VendorRunSQL

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")


def _document(*parts):
    # core.text.fold then only the words (search.document as of this migration).
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", " ".join(p for p in parts if p)))
    text = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text))


def recompute(apps, schema_editor):
    story_model = apps.get_model("portal", "Story")
    stories = story_model.objects.select_related(
        "exemplar__candidate__field", "exemplar__organisation"
    ).order_by("pk")
    batch = []
    for story in stories.iterator(chunk_size=2000):
        candidate = story.exemplar.candidate
        field = candidate.field.name if candidate.field_id else ""
        head = [candidate.name, story.exemplar.organisation.name, story.title, story.summary]
        story.search_head = _document(*head)
        story.search_text = _document(*head, strip_tags(story.body), field)
        batch.append(story)
        if len(batch) == 2000:
            story_model.objects.bulk_update(batch, ["search_head", "search_text"])
            batch = []
    if batch:
        story_model.objects.bulk_update(batch, ["search_head", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_stored_search_vector"),
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="story", name="portal_story_published_idx"),
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["published_at", "id"],
                name="portal_story_published_idx",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="search_head",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
        VendorRunSQL(
            "postgresql",
            sql=[
                "ALTER TABLE portal_story ADD COLUMN head_vector tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, COALESCE(search_head, ''))) STORED",
                "CREATE INDEX portal_story_head_gin ON portal_story USING gin (head_vector)",
            ],
            reverse_sql=[
                "DROP INDEX portal_story_head_gin",
                "ALTER TABLE portal_story DROP COLUMN head_vector",
            ],
        ),
        VendorRunSQL(
            "sqlite",
            sql=[
                "DROP TABLE portal_story_fts",
                "CREATE VIRTUAL TABLE portal_story_fts USING fts5(search_head, search_text)",
                "INSERT INTO portal_story_fts (rowid, search_head, search_text) "
                "SELECT id, search_head, search_text FROM portal_story",
            ],
            reverse_sql=[
                "DROP TABLE portal_story_fts",
                "CREATE VIRTUAL TABLE portal_story_fts USING fts5(search_text)",
                "INSERT INTO portal_story_fts (rowid, search_text) "
                "SELECT id, search_text FROM portal_story",
            ],
        ),
    ]
