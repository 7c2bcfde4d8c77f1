"""The readings as BibTeX (`/readings/readings.bib`), for readers who cite what they read.

Entry keys are the reading ids of data/readings.yml, so a key on the readings page and in the
file is the same. Text is written as UTF-8 (biber and modern BibTeX read it); the characters
that mean something to TeX are escaped, and titles are wrapped in braces so that BibTeX styles
keep their capitalisation ("DDPM" must not become "ddpm").
"""

from __future__ import annotations

from colloquium.model import Reading

# Reading types with a BibTeX entry type of their own; everything else is @misc.
ENTRY_TYPES = {"paper": "article", "book": "book"}

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex_escape(text: str) -> str:
    return "".join(_TEX_SPECIALS.get(char, char) for char in " ".join(text.split()))


def entry(key: str, reading: Reading) -> str:
    """One entry. A paper without a venue (a preprint) is @misc with its arXiv id."""
    entry_type = ENTRY_TYPES.get(reading.type, "misc")
    if entry_type == "article" and not reading.venue:
        entry_type = "misc"
    fields: list[tuple[str, str]] = [("title", "{" + tex_escape(reading.title) + "}")]
    if reading.authors:
        fields.append(("author", " and ".join(tex_escape(name) for name in reading.authors)))
    if reading.year:
        fields.append(("year", str(reading.year)))
    if reading.venue:
        venue_field = {"article": "journal", "book": "publisher"}.get(entry_type, "howpublished")
        fields.append((venue_field, tex_escape(reading.venue)))
    if reading.arxiv:
        fields += [("eprint", reading.arxiv), ("archiveprefix", "arXiv")]
    if reading.doi:
        fields.append(("doi", reading.doi.replace("{", "%7B").replace("}", "%7D")))
    if reading.link:
        # Braces delimit BibTeX values: percent-encode them so that any URL stays one value.
        fields.append(("url", reading.link.replace("{", "%7B").replace("}", "%7D")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def bibliography(readings: dict[str, Reading]) -> str:
    """Every reading, in the order of data/readings.yml."""
    return "\n".join(entry(key, reading) for key, reading in readings.items())
