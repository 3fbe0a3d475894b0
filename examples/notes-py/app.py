"""`example:notes` in Python (componentize-py). The world exports `notebook`: its functions are
the methods of `Notebook` below; its resource `book` is the class `Book` in notebook.py."""
import re
from typing import List

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import types

TAG = re.compile(r"#([^\s#]*)")


class Notebook(exports.Notebook):
    def summarize(self, notes: List[types.Note]) -> types.Summary:
        counts = {p: 0 for p in types.Priority}
        tags: List[str] = []
        for n in notes:
            counts[n.priority] += 1
            tags.extend(t for t in n.tags if t not in tags)
        due = [n for n in notes if n.due is not None]
        next_due = min(due, key=lambda n: n.due).id if due else None
        return types.Summary(len(notes), [(p, c) for p, c in counts.items() if c], tags, next_due)

    def parse_tags(self, text: str) -> List[str]:
        tags = TAG.findall(text)
        if "" in tags:
            raise Err(types.NotesError_Invalid(f"a `#` without a tag name in {text!r}"))
        return tags
