"""A prepared query answers as the queryset it was built from would, on SQLite and PostgreSQL,
and refuses the querysets it cannot prepare faithfully."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from kommunalkompass.core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def _permissions(codename, app):
    return (
        Permission.objects.select_related("content_type")
        .annotate(app=F("content_type__app_label"))
        .filter(codename=codename, content_type__app_label=app)
    )


def test_model_instances_carry_related_objects_and_annotations_like_the_queryset():
    query = PreparedQuery(_permissions, codename=str, app=str)
    for codename, app in [("add_session", "sessions"), ("change_group", "auth")]:
        expected = list(_permissions(codename, app))
        (found,) = query(codename=codename, app=app)
        assert found == expected[0]
        assert found.name == expected[0].name
        assert found.app == app
        assert found.content_type.app_label == app  # from the same row, no query
        assert found.content_type == expected[0].content_type
    assert query(codename="add_session", app="auth") == []


def test_values_come_back_converted_with_integer_values(django_assert_num_queries):
    expires = timezone.now().replace(microsecond=0) + timedelta(days=3)
    Session.objects.create(session_key="k" * 32, session_data="{}", expire_date=expires)
    Session.objects.create(session_key="j" * 32, session_data="{}", expire_date=expires)
    pk = Permission.objects.get(codename="add_session").pk
    by_key = PreparedQuery(
        lambda key: Session.objects.filter(session_key=key).values_list(
            "session_key", "expire_date"
        ),
        key=str,
    )
    by_pk = PreparedQuery(
        lambda pk: Permission.objects.filter(pk=pk).values_list("codename", "content_type__model"),
        pk=int,
    )
    assert by_key(key="k" * 32) == [("k" * 32, expires)]  # a datetime, on SQLite too
    assert by_pk(pk=pk) == [("add_session", "session")]
    with django_assert_num_queries(2):
        assert by_key(key="j" * 32) == [("j" * 32, expires)]
        assert by_pk(pk=-1) == []


def test_a_value_that_would_not_reach_the_sql_unchanged_is_refused():
    containing = PreparedQuery(
        lambda part: Permission.objects.filter(codename__contains=part), part=str
    )
    with pytest.raises(ValueError, match="part"):
        containing(part="session")


def test_wrong_values_and_unsupported_querysets_are_refused():
    query = PreparedQuery(
        lambda codename: Permission.objects.filter(codename=codename), codename=str
    )
    with pytest.raises(TypeError, match="codename"):
        query(name="add_session")
    with pytest.raises(TypeError, match="str or an int"):
        PreparedQuery(lambda day: Session.objects.filter(expire_date=day), day=float)
    flat = PreparedQuery(
        lambda codename: Permission.objects.filter(codename=codename).values_list("pk", flat=True),
        codename=str,
    )
    with pytest.raises(TypeError, match="values_list tuples"):
        flat(codename="add_session")


@pytest.mark.django_db(transaction=True)
def test_a_locking_query_runs_only_in_a_transaction():
    locking = PreparedQuery(
        lambda codename: (
            Permission.objects.select_for_update().filter(codename=codename).values_list("codename")
        ),
        codename=str,
    )
    with transaction.atomic():
        assert locking(codename="add_session") == [("add_session",)]
    with pytest.raises(TransactionManagementError):
        locking(codename="add_session")
