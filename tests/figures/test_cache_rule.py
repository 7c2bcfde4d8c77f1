"""The rule that finds a figure's source files, on a small made-up package (no real figure involved)."""

from __future__ import annotations

from pathlib import Path

from reference_impl.figures import cache


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_used_definitions_are_followed_transitively_and_only_inside_the_package(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "reference_impl/__init__.py": "VERSION = 1\n",
            "reference_impl/a.py": "import numpy\nfrom .b import thing\n\n\ndef f():\n    return thing()\n\n\ndef g():\n    import reference_impl.c\n",
            "reference_impl/b.py": "def thing():\n    from reference_impl import d\n    return d.SCALE\n\n\ndef other():\n    pass\n",
            "reference_impl/c.py": "",
            "reference_impl/d.py": "SCALE = 2\nprint('loaded')\n",
            "reference_impl/figures/__init__.py": "",
            "reference_impl/figures/builders/__init__.py": "",
            "reference_impl/figures/builders/fig.py": "from reference_impl import a\nfrom .. import helper\n\n\ndef build():\n    return a.f(), helper\n",
            "reference_impl/figures/helper.py": "from ...reference_impl_missing import x\nY = x\n",
        },
    )
    assert list(cache.source_hashes("reference_impl.figures.builders.fig.build", root)) == [
        "reference_impl/a.py:f",
        "reference_impl/b.py:thing",
        "reference_impl/d.py:<module>",
        "reference_impl/d.py:SCALE",
        "reference_impl/figures/builders/fig.py:build",
        "reference_impl/figures/helper.py:Y",  # a module used as a value counts whole
    ]


def test_a_package_init_counts_only_when_a_name_is_taken_from_it(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "reference_impl/__init__.py": "VERSION = 1\n",
            "reference_impl/fig.py": "from reference_impl import VERSION\n\n\ndef build():\n    return VERSION\n",
        },
    )
    assert list(cache.source_hashes("reference_impl.fig.build", root)) == ["reference_impl/__init__.py:VERSION", "reference_impl/fig.py:build"]


def test_a_hash_follows_the_text_of_its_definition_only(tmp_path: Path) -> None:
    files = {"reference_impl/s.py": "def used():\n    return 1\n", "reference_impl/fig.py": "from .s import used\n\n\ndef build():\n    return used()\n"}
    before = cache.source_hashes("reference_impl.fig.build", write(tmp_path, files))
    write(tmp_path, {"reference_impl/s.py": "# note\ndef used():\n    return 1\n\n\ndef added():\n    return 2\n"})
    assert cache.source_hashes("reference_impl.fig.build", tmp_path) == before
    write(tmp_path, {"reference_impl/s.py": "def used():\n    return 2\n"})
    changed = cache.source_hashes("reference_impl.fig.build", tmp_path)
    assert changed.keys() == before.keys() and changed["reference_impl/s.py:used"] != before["reference_impl/s.py:used"]


def test_the_key_changes_with_each_input_and_not_with_dict_order() -> None:
    base = ("fig", 0, {"a": 1, "b": [1, 2]}, {"reference_impl/x.py": "00", "reference_impl/y.py": "11"})
    key = cache.cache_key(*base)
    assert key == cache.cache_key("fig", 0, {"b": [1, 2], "a": 1}, {"reference_impl/y.py": "11", "reference_impl/x.py": "00"})
    assert len({key, cache.cache_key("other", *base[1:]), cache.cache_key("fig", 1, *base[2:]),
                cache.cache_key("fig", 0, {"a": 2, "b": [1, 2]}, base[3]),
                cache.cache_key("fig", 0, base[2], {**base[3], "reference_impl/x.py": "01"})}) == 5  # fmt: skip
