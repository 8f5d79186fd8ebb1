"""Ballot secrecy, held by the schema: no column of a cast ballot (or of its receipt) can link it
to a code, a voter, an address, a time or an order; a code keeps only its hash and two flags."""

import uuid

import pytest
from django.db import connection, models

from neuguong.ballots.models import Ballot, BallotCode, Receipt

LINKING_WORDS = ("code", "digest", "user", "voter", "person", "actor", "ip", "addr", "host", "agent", "session",
                 "time", "date", "created", "updated", "at", "seq", "serial", "order", "position", "number_cast")


def _column_words(model):
    return {field.column: set(field.column.lower().split("_")) for field in model._meta.concrete_fields}


@pytest.mark.parametrize("model, allowed", [
    (Ballot, {"id", "campaign_id", "answers", "comments"}),
    (Receipt, {"campaign_id", "number"}),
])
def test_ballot_tables_have_only_content_columns(model, allowed):
    columns = _column_words(model)
    assert set(columns) == allowed
    for column, words in columns.items():
        assert not words & set(LINKING_WORDS), f"{model.__name__}.{column} could link a ballot back"


def test_no_field_of_a_ballot_is_a_time_or_a_sequence():
    for model in (Ballot, Receipt):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateField | models.TimeField | models.AutoField)
            assert not isinstance(field, models.ForeignKey) or field.related_model.__name__ == "Campaign"


def test_ballot_keys_are_random():
    field = Ballot._meta.pk
    assert isinstance(field, models.UUIDField) and field.default is uuid.uuid4
    assert [field.name for field in Receipt._meta.pk_fields] == ["campaign", "number"]


def test_a_code_keeps_only_its_hash_and_two_flags():
    columns = {field.column for field in BallotCode._meta.concrete_fields}
    assert columns == {"digest", "campaign_id", "batch_id", "spent", "revoked"}


def test_nothing_points_at_a_ballot():
    for model in (Ballot, Receipt):
        assert not [rel for rel in model._meta.related_objects], f"something references {model.__name__}"


@pytest.mark.django_db
def test_the_database_tables_match():
    with connection.cursor() as cursor:
        for model, allowed in ((Ballot, {"id", "campaign_id", "answers", "comments"}),
                               (Receipt, {"campaign_id", "number"})):
            described = connection.introspection.get_table_description(cursor, model._meta.db_table)
            assert {column.name for column in described} == allowed
