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


def test_imports_are_followed_transitively_and_only_inside_the_package(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "reference_impl/__init__.py": "VERSION = 1\n",
            "reference_impl/a.py": "import numpy\nfrom .b import thing\n",
            "reference_impl/b.py": "def thing():\n    import reference_impl.c\n",
            "reference_impl/c.py": "from reference_impl import d\n",
            "reference_impl/d.py": "",
            "reference_impl/unused.py": "",
            "reference_impl/figures/__init__.py": "",
            "reference_impl/figures/builders/__init__.py": "",
            "reference_impl/figures/builders/fig.py": "from reference_impl import a\nfrom .. import helper\n",
            "reference_impl/figures/helper.py": "from ...reference_impl_missing import x\n",
        },
    )
    assert cache.source_files("reference_impl.figures.builders.fig", root) == [
        "reference_impl/a.py",
        "reference_impl/b.py",
        "reference_impl/c.py",
        "reference_impl/d.py",
        "reference_impl/figures/builders/fig.py",
        "reference_impl/figures/helper.py",
    ]


def test_a_package_init_counts_only_when_a_name_is_taken_from_it(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "reference_impl/__init__.py": "VERSION = 1\n",
            "reference_impl/fig.py": "from reference_impl import VERSION\n",
        },
    )
    assert cache.source_files("reference_impl.fig", root) == ["reference_impl/__init__.py", "reference_impl/fig.py"]


def test_the_key_changes_with_each_input_and_not_with_dict_order() -> None:
    base = ("fig", 0, {"a": 1, "b": [1, 2]}, {"reference_impl/x.py": "00", "reference_impl/y.py": "11"})
    key = cache.cache_key(*base)
    assert key == cache.cache_key("fig", 0, {"b": [1, 2], "a": 1}, {"reference_impl/y.py": "11", "reference_impl/x.py": "00"})
    assert len({key, cache.cache_key("other", *base[1:]), cache.cache_key("fig", 1, *base[2:]),
                cache.cache_key("fig", 0, {"a": 2, "b": [1, 2]}, base[3]),
                cache.cache_key("fig", 0, base[2], {**base[3], "reference_impl/x.py": "01"})}) == 5  # fmt: skip
