"""QR codes, drawn by the site itself as inline SVG (segno: pure Python, no image library).

A printed programme carries one for the event's page and one for each session's, so that a
reader holding the paper reaches the page with a phone. Nothing is fetched; the code is the
address itself, drawn as one SVG path that scales to any print size.
"""

from __future__ import annotations

import segno

from colloquium import build_cache


# The quiet zone the standard asks for (4 modules), one path; the name is the aria-label only
# (a <title> would say it again in every code of a programme).
_DRAWING = {"scale": 1, "border": 4, "omitsize": True, "svgclass": "cq-qr", "lineclass": None}


def svg(address: str, label: str) -> str:
    """An inline `<svg>` (role img, `label` as its accessible name) encoding `address`, with
    the quiet zone the standard asks for (4 modules).

    The smallest symbol that holds the address (segno's default: error correction L, raised
    as far as that symbol allows): a session's code is printed 13 mm wide, where fewer modules
    are larger ones, which a phone reads more surely than more correction in smaller modules
    (version 4-L, 0.32 mm a module, against 5-M, 0.29 mm, for a session's address); each code
    is also 15% smaller. Kept between builds (build_cache): choosing the best mask takes some
    milliseconds a code, and a programme has one a session."""
    key = (segno.__version__, "smallest", sorted(_DRAWING.items()), address, label)
    return build_cache.cached("qr", key, lambda: _draw(address, label).encode()).decode()


def _draw(address: str, label: str) -> str:
    code = segno.make(address, micro=False)
    drawing = code.svg_inline(**_DRAWING)
    return drawing.replace("<svg ", '<svg role="img" aria-label="{}" '.format(_attribute(label)), 1)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
