from tests.permtable import Row, signed_in

# Copy and edit: the standing agency covering the program (and superusers); others get 404.
LC_MANAGERS = {"standing": 200, "admin": 200}
QB_MANAGERS = {"qb_standing": 200, "admin": 200}


def rows(world):
    from dienhinh.programs.models import Criterion

    lc_k2 = Criterion.objects.get(program__code="lai-chau-2533", code="k.2", effective_to=None)
    qb_a1 = Criterion.objects.get(program__code="quang-binh-2690", code="a.1", effective_to=None)
    rows = [
        Row("programs:list", expect=signed_in(200)),
        Row("programs:detail", {"code": "lai-chau-2533"}, expect=signed_in(200)),
        Row("programs:detail", {"code": "quang-binh-2690"}, expect=signed_in(200)),
    ]
    for code, managers, criterion in (
        ("lai-chau-2533", LC_MANAGERS, lc_k2),
        ("quang-binh-2690", QB_MANAGERS, qb_a1),
    ):
        for name in (
            "programs:copy",
            "programs:edit",
            "programs:fields",
            "programs:quotas",
            "programs:milestones",
        ):
            rows.append(Row(name, {"code": code}, expect=signed_in(404, **managers)))
        rows.append(
            Row(
                "programs:criterion_edit",
                {"code": code, "pk": criterion.pk},
                expect=signed_in(404, **managers),
            )
        )
    # A POST by an outsider is refused the same way, and changes nothing.
    rows.append(
        Row(
            "programs:edit",
            {"code": "lai-chau-2533"},
            method="post",
            data={"number": "x"},
            expect=signed_in(404, standing=200, admin=200),
        )
    )
    return rows
