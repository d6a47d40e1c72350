"""The window's single source of truth: the open project, as typed change messages.

Panels never hold their own copy of a scenario; they read it from the
store and redraw when the store's ``changed`` signal carries a message
that concerns them (glue's message hub, napari's model events). Every
edit of a scenario's inputs goes through :meth:`ProjectStore.edit_scenario`,
which pushes a :class:`~PySide6.QtGui.QUndoCommand`, so Ctrl+Z undoes it;
adding, renaming and removing a scenario are undoable commands too. The
commands name scenarios by position: every change of positions goes
through the one undo stack, so a position is right whenever a command runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..infra.errors import Problem
from ..io.project_file import Project, ProjectEntry
from ..model.plan import PlanResult
from ..model.scenario import Scenario


@dataclass(frozen=True)
class ProjectReplaced:
    """A whole project was opened, created or restored."""

    path: Path | None


@dataclass(frozen=True)
class ScenarioListChanged:
    """Scenarios were added, removed or renamed."""


@dataclass(frozen=True)
class CurrentChanged:
    """Another scenario became the one shown."""

    index: int


@dataclass(frozen=True)
class ScenarioEdited:
    """The inputs of scenario ``index`` changed; ``table`` names what (demand, provisions, options, parameters)."""

    index: int
    table: str


@dataclass(frozen=True)
class ResultsChanged:
    """Scenario ``index`` has a new plan and/or baseline (or lost them)."""

    index: int


@dataclass(frozen=True)
class ProblemsChanged:
    """Validation of scenario ``index`` finished."""

    index: int


@dataclass(frozen=True)
class DirtyChanged:
    """The project gained unsaved changes, or was saved."""

    dirty: bool


Message = (ProjectReplaced | ScenarioListChanged | CurrentChanged | ScenarioEdited | ResultsChanged
           | ProblemsChanged | DirtyChanged)


class EditScenarioCommand(QUndoCommand):
    """Replace one scenario's inputs; undo puts the old inputs back."""

    def __init__(self, store: ProjectStore, index: int, old: Scenario, new: Scenario, table: str, text: str):
        super().__init__(text)
        self._store, self._index, self._old, self._new, self._table = store, index, old, new, table

    def redo(self) -> None:
        self._store._set_scenario(self._index, self._new, self._table)

    def undo(self) -> None:
        self._store._set_scenario(self._index, self._old, self._table)


class AddScenarioCommand(QUndoCommand):
    """Append a scenario (renamed if its name is taken); undo takes it away again."""

    def __init__(self, store: ProjectStore, entry: ProjectEntry, make_current: bool):
        super().__init__(f"Add scenario {store.project.unique_name(entry.name)}")
        self._store, self._entry, self._make_current = store, entry, make_current
        self._before = store.current
        self.index = len(store.project.entries)

    def redo(self) -> None:
        self._store._insert(self.index, self._entry, self.index if self._make_current else self._before)

    def undo(self) -> None:
        self._entry = self._store._take(self.index, self._before)  # with any plan it got meanwhile


class RemoveScenarioCommand(QUndoCommand):
    """Drop a scenario; undo puts it back where it was, with its plan, and shows it."""

    def __init__(self, store: ProjectStore, index: int):
        super().__init__(f"Remove scenario {store.project.entries[index].name}")
        self._store, self._index = store, index
        self._entry = store.project.entries[index]

    def redo(self) -> None:
        self._entry = self._store._take(self._index, min(self._store.current, len(self._store.project.entries) - 2))

    def undo(self) -> None:
        self._store._insert(self._index, self._entry, self._index)


class RenameScenarioCommand(QUndoCommand):
    """Give a scenario another name (already made unique); undo gives the old one back."""

    def __init__(self, store: ProjectStore, index: int, name: str):
        old = store.project.entries[index].name
        super().__init__(f"Rename {old} to {name}")
        self._store, self._index, self._old, self._new = store, index, old, name

    def redo(self) -> None:
        self._store._set_name(self._index, self._new)

    def undo(self) -> None:
        self._store._set_name(self._index, self._old)


class ProjectStore(QObject):
    """Holds the :class:`~sufficiency_app.io.project_file.Project`, the current scenario, problems and the undo stack."""

    changed = Signal(object)  # one of the message dataclasses above

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project = Project()
        self.path: Path | None = None
        self.current = -1
        self.undo_stack = QUndoStack(self)
        self._problems: dict[int, tuple[Problem, ...]] = {}
        self._dirty = False

    # -- reading
    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def entry(self) -> ProjectEntry | None:
        return self.project.entries[self.current] if 0 <= self.current < len(self.project.entries) else None

    @property
    def scenario(self) -> Scenario | None:
        entry = self.entry
        return entry.scenario if entry else None

    def problems(self, index: int | None = None) -> tuple[Problem, ...]:
        return self._problems.get(self.current if index is None else index, ())

    # -- whole project
    def set_project(self, project: Project, path: Path | None, dirty: bool = False) -> None:
        self.project = project
        self.path = Path(path) if path else None
        self.current = 0 if project.entries else -1
        self._problems.clear()
        self.undo_stack.clear()
        self.changed.emit(ProjectReplaced(self.path))
        self._set_dirty(dirty, force=True)

    def mark_saved(self, path: Path) -> None:
        self.path = Path(path)
        self.undo_stack.setClean()
        self._set_dirty(False, force=True)

    # -- scenarios
    def set_current(self, index: int) -> None:
        if index != self.current and 0 <= index < len(self.project.entries):
            self.current = index
            self.changed.emit(CurrentChanged(index))

    def add_entry(self, entry: ProjectEntry, make_current: bool = True) -> int:
        """Append a scenario as one undoable step; returns its position."""
        command = AddScenarioCommand(self, entry, make_current)
        self.undo_stack.push(command)
        return command.index

    def duplicate(self, index: int) -> int:
        """Copy a scenario (with its results) under a new name and make it current."""
        entry = self.project.entries[index]
        return self.add_entry(entry.replace(
            scenario=entry.scenario.replace(parameters=entry.scenario.parameters.replace(name=f"{entry.name} copy"))
        ))

    def rename(self, index: int, name: str) -> None:
        """Rename a scenario as one undoable step (made unique among the others)."""
        name = name.strip()
        entry = self.project.entries[index]
        if not name or name == entry.name:
            return
        name = self.project.removed(index).unique_name(name)
        if name != entry.name:
            self.undo_stack.push(RenameScenarioCommand(self, index, name))

    def remove(self, index: int) -> None:
        """Drop a scenario as one undoable step."""
        self.undo_stack.push(RemoveScenarioCommand(self, index))

    # -- what the commands do
    def _insert(self, index: int, entry: ProjectEntry, current: int) -> None:
        before = self.entry
        if index == len(self.project.entries):
            self.project = self.project.added(entry)
        else:
            self.project = self.project.inserted(index, entry)
        self._problems = {i if i < index else i + 1: p for i, p in self._problems.items()}
        self._moved(current, before)

    def _take(self, index: int, current: int) -> ProjectEntry:
        before = self.entry
        entry = self.project.entries[index]
        self.project = self.project.removed(index)
        self._problems = {i if i < index else i - 1: p for i, p in self._problems.items() if i != index}
        self._moved(current, before)
        return entry

    def _moved(self, current: int, before: ProjectEntry | None) -> None:
        """After scenarios moved: the current one is set first, then the messages go out."""
        old, count = self.current, len(self.project.entries)
        self.current = current if 0 <= current < count else count - 1
        self.changed.emit(ScenarioListChanged())
        if self.current != old or self.entry is not before:
            self.changed.emit(CurrentChanged(self.current))
        self._set_dirty(True)

    def _set_name(self, index: int, name: str) -> None:
        entry = self.project.entries[index]
        scenario = entry.scenario.replace(parameters=entry.scenario.parameters.replace(name=name))
        self.project = self.project.with_entry(index, entry.replace(scenario=scenario))
        self.changed.emit(ScenarioListChanged())
        self._set_dirty(True)

    # -- edits
    def edit_scenario(self, new: Scenario, table: str, text: str, index: int | None = None) -> None:
        """Replace a scenario's inputs as one undoable step."""
        index = self.current if index is None else index
        old = self.project.entries[index].scenario
        self.undo_stack.push(EditScenarioCommand(self, index, old, new, table, text))

    def _set_scenario(self, index: int, scenario: Scenario, table: str) -> None:
        entry = self.project.entries[index]
        stale = entry.stale or entry.result is not None or entry.baseline is not None
        self.project = self.project.with_entry(index, entry.replace(scenario=scenario, stale=stale))
        self.changed.emit(ScenarioEdited(index, table))
        if scenario.name != entry.name:
            self.changed.emit(ScenarioListChanged())
        self._set_dirty(True)

    def set_results(self, index: int, scenario: Scenario, result: PlanResult | None,
                    baseline: PlanResult | None) -> None:
        """Attach a finished solve; ``scenario`` is the input it was made from (stale if edited since)."""
        if not 0 <= index < len(self.project.entries):
            return
        entry = self.project.entries[index]
        kept = entry.baseline  # kept only if it is of the same inputs (a solve stopped on time brings none)
        if kept is not None and (result is None or kept.scenario_sha256 != result.scenario_sha256):
            kept = None
        self.project = self.project.with_entry(index, entry.replace(
            result=result, baseline=baseline if baseline is not None else kept,
            stale=entry.scenario is not scenario,
        ))
        self.changed.emit(ResultsChanged(index))
        self._set_dirty(True)

    def set_problems(self, index: int, scenario: Scenario, problems: list[Problem]) -> None:
        """Record validation of ``scenario``; ignored if the scenario changed meanwhile."""
        if 0 <= index < len(self.project.entries) and self.project.entries[index].scenario is scenario:
            self._problems[index] = tuple(problems)
            self.changed.emit(ProblemsChanged(index))

    def _set_dirty(self, dirty: bool, force: bool = False) -> None:
        if force or dirty != self._dirty:
            self._dirty = dirty
            self.changed.emit(DirtyChanged(dirty))


class CurrentEntryFeed(QObject):
    """Shows the store's current scenario in a view that does not know the store.

    For the map and the charts, which the workshop and the compare tab also
    use with data of their own: ``show(entry)`` runs at once for a new
    project, another current scenario or its new plan, and once edits of
    the current scenario pause for ``delay_ms`` (typing in a table).
    Parented to the view, so it goes when the view goes.
    """

    def __init__(self, store: ProjectStore, show: Callable[[ProjectEntry], None], parent: QObject,
                 delay_ms: int = 250):
        super().__init__(parent)
        self._store, self._show = store, show
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.refresh)
        store.changed.connect(self._on_message)

    def _on_message(self, msg: object) -> None:
        current = getattr(msg, "index", None) == self._store.current
        if isinstance(msg, (ProjectReplaced, CurrentChanged)) or (isinstance(msg, ResultsChanged) and current):
            self._timer.stop()
            self.refresh()
        elif isinstance(msg, ScenarioEdited) and current:
            self._timer.start()

    def refresh(self) -> None:
        entry = self._store.entry
        if entry is not None:
            self._show(entry)
