"""``{% form_media form %}``: a form's scripts and styles, with the request's CSP nonce on the
inline import map a rich-text editor needs (see ``web.middleware``). A form without such media
renders as ``{{ form.media }}`` would, and its page keeps the strict policy."""

from typing import Any

from django import template
from django.utils.safestring import SafeString
from js_asset import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def form_media(context: template.Context, form: Any) -> SafeString | str:
    media = getattr(form, "media", None)
    if not media:
        return ""
    request = context.get("request")
    if isinstance(media, Media) and media.render_importmap() and request is not None:
        return media.render(attrs={"nonce": str(request.csp_nonce)})
    return media.render()
