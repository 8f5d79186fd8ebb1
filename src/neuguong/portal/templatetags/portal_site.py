"""``{% public_site as site %}``: the header and footer of the public layout (``portal/public_base.html``),
for the portal's pages and the public pages of the other modules (petitions, ballots) alike."""

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def public_site() -> dict[str, Any]:
    return selectors.public_site()
