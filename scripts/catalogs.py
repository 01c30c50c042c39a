"""Refresh the translation catalogs of the labels the extension puts on pages.

    python scripts/catalogs.py          # extract .pot, merge into each .po, compile .mo

Translators edit ``sphinx_quicktakes/locale/<lang>/LC_MESSAGES/sphinx_quicktakes.po``;
the compiled ``.mo`` files are committed so that ``pip install`` needs no build step.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "sphinx_quicktakes"
LOCALE = PACKAGE / "locale"
DOMAIN = "sphinx_quicktakes"


def extract() -> Catalog:
    template = Catalog(project="sphinx-quicktakes")
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"_": None}
    ):
        template.add(message, None, [(filename, lineno)])
    return template


def main() -> None:
    template = extract()
    with (LOCALE / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, sort_output=True)
    for po_path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parents[1].name)
        catalog.update(template)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        print(f"{po_path.relative_to(PACKAGE)}: {sum(1 for m in catalog if m.id and m.string)} translated")


if __name__ == "__main__":
    main()
