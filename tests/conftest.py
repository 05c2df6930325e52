"""Shared fixtures: the demo data in every test database, named personas, a client per persona.

The test database holds the demo of the country as it is today, after the reform of the
administrative units of 01/07/2025; the tests about the history before it use `before_reform`.

Personas (demo users, all in Lai Châu unless named otherwise):
    officer_a  unit officer of LC-SYT (Sở Y tế)          -> "unit A"
    head_a     unit head of LC-SYT
    officer_b  unit officer of LC-BINHLU (Xã Bình Lư)     -> "unit B"
               (of LC-TAMDUONG, Huyện Tam Đường, before the reform)
    head_b     unit head of LC-BINHLU (LC-TAMDUONG before the reform)
    standing   standing-agency officer of LC-SNV (covers the whole province LC)
    council    council member of LC-HDTDKT
    qb_officer unit officer of QB-SXD-QLXD (another province)
    qb_standing standing-agency officer of QB-SXD-VP (covers QB-SXD)
    lc_admin   administrator of LC (Tỉnh Lai Châu), not a superuser
    qb_admin   administrator of QT (Tỉnh Quảng Trị; QB, Tỉnh Quảng Bình, before the reform)
    admin      superuser
    anonymous  nobody signed in
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check what is computed, never how fast: a loaded CI machine must not fail them
# with Hypothesis' per-example deadline or its "too slow" health check.
hypothesis_settings.register_profile(
    "dienhinh", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("dienhinh")

PERSONAS = {
    "officer_a": "lc.canbo",
    "head_a": "lc.thutruong",
    "officer_b": "lc.tamduong",
    "head_b": "lc.tamduong.truong",
    "standing": "lc.snv",
    "council": "lc.hoidong",
    "qb_officer": "qb.canbo",
    "qb_standing": "qb.vanphong",
    # Administrators of an organisation (not superusers): the province of Lai Châu, and Tỉnh
    # Quảng Trị (Quảng Bình before the reform).
    "lc_admin": "lc.quantri",
    "qb_admin": "qb.quantri",
    "admin": "admin",
}


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request activates its own on the thread
    (`core.locale`) and leaves it there, so a test after an English page (or API call) on the
    same worker would otherwise read English messages from the domain."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _ballot_keys(settings, tmp_path):
    """Each test keeps its vote sessions' private keys in a directory of its own."""
    settings.DIENHINH = {**settings.DIENHINH, "BALLOT_KEY_DIR": str(tmp_path / "ballot-keys")}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once per test database; each test runs inside a rolled-back transaction."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        # The demo of the country as it is today, after the reform of 01/07/2025.
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def before_reform(transactional_db):
    """The demo as it stood on 30/06/2025, before the reform of the administrative units: for
    the tests about that history (Lai Châu's districts in force, Quảng Bình a province).

    The test database holds the country as it is today; this fixture empties it and loads the
    demo of that day. pytest-django runs such tests after all the others and empties the
    database after each."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", as_of=datetime.date(2025, 6, 30), stdout=io.StringIO())


def user(name):
    return get_user_model().objects.get(username=PERSONAS[name])


@pytest.fixture
def personas(db):
    """username -> User for every persona (anonymous excluded)."""
    users = get_user_model().objects.in_bulk(list(PERSONAS.values()), field_name="username")
    return {key: users[username] for key, username in PERSONAS.items()}


def _client_for(personas, name):
    client = Client()
    if name != "anonymous":
        client.force_login(personas[name])
    return client


@pytest.fixture
def client_for(personas):
    """client_for("officer_a") -> a test client signed in as that persona."""
    return lambda name: _client_for(personas, name)


@pytest.fixture
def org(db):
    from dienhinh.orgs.models import Organisation

    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def assert_page_queries(django_assert_num_queries):
    """assert_page_queries(client, url, n): GET the page in exactly n queries (answering 200).

    Process-wide caches that a first request fills (content types, the values a
    `VersionedCache` keeps in the process) are emptied first, so that the
    count does not depend on which test ran before."""
    from django.contrib.contenttypes.models import ContentType

    from dienhinh.core.cache import VersionedCache

    def check(client, url, n, params=None, status=200):
        ContentType.objects.clear_cache()
        VersionedCache.forget_all_local()
        with django_assert_num_queries(n):
            response = client.get(url, params or {})
        assert response.status_code == status
        return response

    return check


@pytest.fixture(scope="session")
def _keys_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("keys")


@pytest.fixture
def demo_keys(db, settings, _keys_folder):
    """The demo CA and demo keys (made once per test session) as the configured keys and trust."""
    from django.core.management import call_command

    settings.DIENHINH = {
        **settings.DIENHINH,
        "SIGNING": {
            **settings.DIENHINH["SIGNING"],
            "KEYS_DIR": str(_keys_folder),
            "TRUST_ROOTS": [],
            "FETCH_REVOCATION": False,
        },
    }
    call_command("make_demo_keys", stdout=io.StringIO())
    return _keys_folder
