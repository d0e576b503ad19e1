"""The protocol as one self-contained HTML page (semantic, ``lang="sv"``, every value escaped).

The template is inline so the page renders from an installed wheel without package data, and
Jinja's autoescape guarantees that a title typed in chat cannot inject markup into the page.
"""

from __future__ import annotations

from jinja2 import Environment

from handlers import messages as msg
from handlers.protocol.layout import (
    anslag_rows,
    anslag_statement,
    closing_rows,
    header_rows,
    paragraph_blocks,
    paragraph_footer,
    shows_anslag,
    signature_rows,
    title_of,
)
from handlers.protocol.model import ProtocolView

TEMPLATE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>{{ title }} – {{ view.body }} {{ view.day.isoformat() }}</title>
<style>
body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.45;color:#111}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #999;padding:.35rem .5rem;
text-align:left;vertical-align:top}th{width:16rem;background:#f3f3f3}.sign td{height:2.2rem}
section.paragraph{border-top:2px solid #333;margin-top:2rem}.justerad{font-style:italic}
</style>
</head>
<body>
<article class="protocol">
<header>
<h1>{{ title }}</h1>
<p class="organ"><strong>{{ view.body }}</strong></p>
<table class="header">
{% for label, value in header %}<tr><th scope="row">{{ label }}</th><td>{% for line in value.split("\\n") %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>
{% endfor %}</table>
</header>
{% for p in paragraphs %}<section class="paragraph" id="p{{ p.view.number }}">
<h2>{{ p.view.heading }}</h2>
{% for block in p.blocks %}<h3>{{ block.heading }}</h3>
{% if block.intro %}<p>{{ block.intro }}</p>{% endif %}
{% if block.numbered %}<ol>{% for line in block.lines %}<li>{{ line }}</li>{% endfor %}</ol>
{% elif block.lines|length > 1 %}<ul>{% for line in block.lines %}<li>{{ line }}</li>{% endfor %}</ul>
{% else %}{% for line in block.lines %}<p>{{ line }}</p>{% endfor %}{% endif %}
{% endfor %}{% if p.footer %}<p class="justerad">{{ p.footer }}</p>{% endif %}
</section>
{% endfor %}
<section class="signatures">
<h2>{{ labels.signatures }}</h2>
<table class="sign">
{% for label, name in signatures %}<tr><th scope="row">{{ label }}</th><td></td><td>{{ name }}</td></tr>
{% endfor %}{% if view.extract %}<tr><th scope="row">{{ labels.certified }}</th><td></td><td>{{ view.secretary or "" }}</td></tr>{% endif %}
</table>
</section>
{% if anslag %}<footer class="anslag">
<h2>{{ labels.anslag }}</h2>
<p>{{ statement }}</p>
<table>
{% for label, value in anslag %}<tr><th scope="row">{{ label }}</th><td>{{ value }}</td></tr>
{% endfor %}</table>
</footer>
{% else %}<footer class="status">
<p>{{ statement }}</p>
{% if closing %}<table>
{% for label, value in closing %}<tr><th scope="row">{{ label }}</th><td>{{ value }}</td></tr>
{% endfor %}</table>{% endif %}
</footer>
{% endif %}
</article>
</body>
</html>
"""

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_TEMPLATE = _ENV.from_string(TEMPLATE)


def render_html(view: ProtocolView) -> str:
    """The full protocol (or extract) as an HTML document."""
    paragraphs = [{"view": p, "blocks": paragraph_blocks(p), "footer": paragraph_footer(p)} for p in view.paragraphs]
    return _TEMPLATE.render(view=view, title=title_of(view), header=header_rows(view), paragraphs=paragraphs,
                            signatures=signature_rows(view), statement=anslag_statement(view),
                            anslag=anslag_rows(view) if shows_anslag(view) else [], closing=closing_rows(view),
                            labels=msg.PROTOCOL_LABELS)
