"""The names of the four levels, read once from the catalogue ``evaluation_levels``: every page,
form, download and document names a level through ``level_names``."""

from neuguong.catalogues import selectors as catalogue

from .. import rules


def level_names() -> dict[str, str]:
    """The levels' names in the active language (the catalogue's English name in English, else its
    Vietnamese one), highest level first; a level missing from the catalogue is named by its code.
    One query."""
    names = {level.code: str(level) for level in catalogue.evaluation_levels()}
    return {code: names.get(code, code) for code in rules.LEVELS}
