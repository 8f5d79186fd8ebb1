"""Lists of petitions name each petition's kind in the reader's language, as its page does."""

from django.test import Client

from neuguong.catalogues.models import PetitionKind
from neuguong.reception import selectors

from .conftest import client_for, receive


def test_the_petitions_list_names_the_kind_in_the_readers_language(officer, commune):
    receive(officer, commune, kinds=("complaint",), subject="Đường làng ngập nước")
    kind = PetitionKind.objects.get(code="complaint")
    english = client_for(officer).get("/reception/petitions/").content.decode()
    vietnamese_client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    vietnamese_client.force_login(officer)
    vietnamese = vietnamese_client.get("/reception/petitions/").content.decode()
    assert f"<td>{kind.name_en}</td>" in english and f"<td>{kind.name}</td>" not in english
    assert f"<td>{kind.name}</td>" in vietnamese and f"<td>{kind.name_en}</td>" not in vietnamese


def test_a_kind_without_an_english_name_is_listed_by_its_vietnamese_one(officer, commune):
    [petition] = receive(officer, commune, kinds=("complaint",))
    PetitionKind.objects.filter(code="complaint").update(name_en="")
    listed = selectors.petitions_for(officer).get(pk=petition.pk)
    assert selectors.list_names(listed)["kind_name"] == PetitionKind.objects.get(code="complaint").name
