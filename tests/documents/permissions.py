from tests.permtable import Row, signed_in

LC = "lai-chau-2533"


def rows(world):
    unit_a = signed_in(404, officer_a=200, head_a=200, standing=200, admin=200)
    summary = signed_in(404, standing=200, admin=200)
    return [
        Row("documents:form", {"program": LC, "org": "LC-SYT"}, expect=unit_a),
        Row(
            "documents:form_download",
            {"program": LC, "org": "LC-SYT", "fmt": "xlsx"},
            expect=unit_a,
        ),
        # Import: the unit's officer and head (and administrators); everyone else 404.
        Row(
            "documents:form_import",
            {"program": LC, "org": "LC-SYT"},
            method="post",
            expect=signed_in(404, officer_a=302, head_a=302, admin=302),
        ),
        Row("documents:template", {"program": LC}, expect=signed_in(200)),
        Row("documents:summary", {"program": LC}, expect=summary),
        Row("documents:summary_download", {"program": LC, "fmt": "xlsx"}, expect=summary),
    ]
