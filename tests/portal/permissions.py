"""Permission rows of the portal: public pages open to all, publicity pages to the standing agency."""

from tests.permtable import LOGIN, Row
from tests.portal import factories

PUBLIC = 200


def rows(world):
    story = factories.story(org_code="LC-SYT", field_code=None)
    pk = story.exemplar_id
    program = story.exemplar.program
    field = program.fields.first()
    factories.appearance(story.exemplar)
    public = [
        Row("portal:home", default=PUBLIC),
        Row("portal:province_home", {"code": "LC"}, default=PUBLIC),
        Row("portal:program_home", {"code": program.code}, default=PUBLIC),
        Row("portal:exemplar_list", default=PUBLIC),
        Row("portal:exemplar_list", default=PUBLIC, query="?q=dien+hinh"),
        Row("portal:organisation_choices", default=PUBLIC, query="?province=LC"),
        Row("portal:field_choices", default=PUBLIC, query=f"?program={program.code}"),
        Row("portal:exemplar_detail", {"pk": pk}, default=PUBLIC),
        Row("portal:exemplar_sheet", {"pk": pk}, default=PUBLIC),
        # No photo on this story: the photo URL answers 404 to everybody.
        Row("portal:photo", {"pk": pk}, default=404),
        Row("portal:feed_program", {"code": program.code}, default=PUBLIC),
        Row("portal:feed_field", {"code": program.code, "field": field.code}, default=PUBLIC),
        Row("portal:sitemap", default=PUBLIC),
        # Certificate verification: public; a code nobody issued answers 404 to everybody.
        Row("portal:verify_form", default=PUBLIC),
        Row("portal:open_data", default=PUBLIC),
        Row("portal:open_data_json", default=PUBLIC),
        Row("portal:open_data_csv", default=PUBLIC),
        Row("portal:verify", {"code": "1-AAAAAAAA"}, default=404),
    ]
    # The standing agency of Lai Châu covers LC-SYT; Quảng Bình's does not.
    standing = {"anonymous": LOGIN, "standing": 200, "admin": 200}
    posting = {"anonymous": LOGIN, "standing": 302, "admin": 302}
    publicity = [
        Row("portal:publicity", expect={**standing, "qb_standing": 200}, default=404),
        Row("portal:story_edit", {"pk": pk}, expect=standing, default=404),
        Row("portal:appearance_new", {"pk": pk}, expect=standing, default=404),
        Row("portal:appearance_list", expect={**standing, "qb_standing": 200}, default=404),
        Row(
            "portal:appearance_list",
            expect={**standing, "qb_standing": 200},
            default=404,
            query="?format=xlsx",
        ),
        Row("portal:story_publish", {"pk": pk}, expect=posting, default=404, method="post"),
        Row("portal:story_unpublish", {"pk": pk}, expect=posting, default=404, method="post"),
    ]
    return public + publicity
