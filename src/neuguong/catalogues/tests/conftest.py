"""Fixtures of the catalogue tests: loaded catalogues, a copy of the data files to spoil, and clients."""

import shutil

import pytest
from django.test import Client

from neuguong.catalogues import services
from neuguong.catalogues.loader import DATA_DIR
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import UserFactory


@pytest.fixture
def catalogues(db):
    return services.catalogues_load(acting_user=SYSTEM)


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the project's data files that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def manager_client(system_admin):
    return _client_for(system_admin)


@pytest.fixture
def roleless_user(db):
    return UserFactory(username="no_role")


@pytest.fixture
def roleless_client(roleless_user):
    return _client_for(roleless_user)
