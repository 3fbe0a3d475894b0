"""The `book` resource of `example:notes/notebook`: componentize-py finds an exported resource's
class in the module named after its interface (`notebook`), by its name (`Book`)."""
from typing import Dict, List, Optional

from componentize_py_types import Err
from wit_world.exports import notebook
from wit_world.imports import types, wall_clock


class Book(notebook.Book):
    """Notes of one owner, kept in this instance of the component."""

    def __init__(self, owner: str) -> None:
        self._owner = owner
        self._notes: Dict[int, types.Note] = {}
        self._next = 1

    def owner(self) -> str:
        return self._owner

    def add(self, title: str, tags: List[str], priority: types.Priority, due: Optional[int]) -> int:
        if not title.strip():
            raise Err(types.NotesError_Invalid("a note needs a title"))
        if any(not t or " " in t for t in tags):
            raise Err(types.NotesError_Invalid(f"bad tag in {tags!r}: tags are single words"))
        note_id = self._next
        self._next += 1
        self._notes[note_id] = types.Note(note_id, title.strip(), list(tags), priority, wall_clock.now().seconds, due)
        return note_id

    def get(self, id: int) -> Optional[types.Note]:
        return self._notes.get(id)

    def find(self, q: types.Query) -> List[types.Note]:
        return [n for n in self._notes.values() if matches(n, q)]

    def remove(self, id: int) -> None:
        if self._notes.pop(id, None) is None:
            raise Err(types.NotesError_NotFound(id))


def matches(note: types.Note, q: types.Query) -> bool:
    if isinstance(q, types.Query_All):
        return True
    if isinstance(q, types.Query_Tagged):
        return q.value in note.tags
    if isinstance(q, types.Query_AtLeast):
        return note.priority.value >= q.value.value
    if isinstance(q, types.Query_TitleContains):
        return q.value.lower() in note.title.lower()
    return False
