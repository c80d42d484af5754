"""What a Word template carries of the people who edited it, taken out of every sheet.

Word stores the name of whoever comments or edits with change tracking on
(comments, ``w:ins``/``w:del`` with ``w:author``, ``word/people.xml``), the
company and manager in ``docProps/app.xml``, and any custom properties. A
municipality's template saved from Word would copy them into every sheet, the
public ones included; so, after rendering:

* comments and the parts that hold them or their authors are dropped;
* tracked changes are resolved as Word's «accept all» would show them
  (insertions kept, deletions dropped, formatting changes' old values dropped);
* ``Company``, ``Manager`` and the custom properties are emptied or dropped.
"""

from __future__ import annotations

import re
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Relationships whose target holds comments, their authors or custom properties.
DROPPED_RELS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people", "/custom-properties")
#: Elements removed with their content: comment marks, deletions, old formatting.
REMOVED = tuple(
    W + name
    for name in (
        "commentRangeStart", "commentRangeEnd", "commentReference", "del", "moveFrom", "moveFromRangeStart",
        "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "rPrChange", "pPrChange", "tblPrChange",
        "trPrChange", "tcPrChange", "sectPrChange", "tblGridChange", "numberingChange",
    )
)  # fmt: skip
#: Elements replaced by their content: insertions (accepted).
UNWRAPPED = (W + "ins", W + "moveTo")
_APP_PEOPLE = re.compile(rb"<(Company|Manager)>[^<]*</\1>")


def _clean_element(root: Any) -> None:
    for el in list(root.iter(*REMOVED)):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    for el in list(root.iter(*UNWRAPPED)):
        parent = el.getparent()
        if parent is None:
            continue
        index = parent.index(el)
        for child in list(el):
            parent.insert(index, child)
            index += 1
        parent.remove(el)


def clean_package(document: Any) -> None:
    """Remove comments, tracked changes and the template's people from a python-docx document, in place."""
    package = document.part.package
    for part in list(package.iter_parts()):
        for rid in [rid for rid, rel in part.rels.items() if rel.reltype.endswith(DROPPED_RELS)]:
            part.rels.pop(rid)
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype.endswith(DROPPED_RELS + ("/metadata/thumbnail",))]:
        package.rels.pop(rid)
    for part in package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            _clean_element(element)
        elif str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_PEOPLE.sub(lambda m: b"<%s/>" % m.group(1), part.blob)
