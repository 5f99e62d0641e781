"""Onramp's eligibility and career-pathway rules kernel for Python.

Every decision is the bytes the Rust kernel's JSON entry points (``onramp::api``) give: the
CLI, the HTTP mode, the wasm package and this package decide alike. This module only turns
Python arguments into the kernel's inputs (keyword options into its options JSON, dicts into
case JSON, a rule folder into its files) and its answers into return values and exceptions.

    rules = onramp.RuleSet.from_dir("rules/nyc")
    decision = rules.evaluate(case_dict, as_of="2026-11-23", detail="summary", as_dict=True)
"""

from __future__ import annotations

import datetime as _dt
import hashlib as _hashlib
import threading as _threading
import json as _json
import os as _os
from pathlib import Path as _Path
from typing import Any, Iterable, Mapping, Union

from ._native import (
    MAX_PERSONS,
    CaseError,
    Diagnostic,
    OnrampError,
    OptionsError,
    RuleError,
    TargetError,
    __version__,
)
from ._native import RuleSet as _NativeRuleSet
from ._native import bundle as _bundle
from ._native import check as _check

__all__ = [
    "MAX_PERSONS",
    "CaseError",
    "Diagnostic",
    "OnrampError",
    "OptionsError",
    "RuleError",
    "RuleSet",
    "TargetError",
    "__version__",
    "bundle_dir",
    "check_dir",
    "read_rule_files",
]

Case = Union[str, bytes, Mapping[str, Any]]
Date = Union[str, _dt.date]


def read_rule_files(path: str | _os.PathLike[str]) -> list[dict[str, str]]:
    """Every ``.toml`` file under a rule folder as ``{"path", "text"}`` (paths relative to
    the folder, with ``/``), the files ``onramp check DIR`` reads. The kernel orders them."""
    root = _Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a rule folder")
    files = [
        {"path": p.relative_to(root).as_posix(), "text": p.read_text(encoding="utf-8")}
        for p in sorted(root.rglob("*.toml"))
        if p.is_file()
    ]
    if not files:
        raise FileNotFoundError(f"{root} holds no .toml rule files")
    return files


def check_dir(path: str | _os.PathLike[str]) -> list[Diagnostic]:
    """Every diagnostic of a rule folder at once (errors and warnings; empty when clean),
    without raising for broken rules."""
    return _check(_json.dumps({"files": read_rule_files(path)}))


def bundle_dir(path: str | _os.PathLike[str]) -> str:
    """A rule folder as one bundle (JSON text with every file and the content hash), as
    ``onramp bundle DIR`` writes it: what to broadcast to Spark executors."""
    return _bundle(_json.dumps({"files": read_rule_files(path)}))


def _case_text(case: Case) -> str:
    if isinstance(case, str):
        return case
    if isinstance(case, (bytes, bytearray)):
        return case.decode("utf-8")
    return _json.dumps(case, ensure_ascii=False)


def _options(
    as_of: Date,
    lang: str | None,
    detail: str | None,
    only: Iterable[str] | None,
) -> str:
    # Only what the caller gave: every default (detail, language) is the kernel's.
    options: dict[str, Any] = {
        "as_of": as_of.isoformat() if isinstance(as_of, _dt.date) else as_of
    }
    if lang is not None:
        options["lang"] = lang
    if detail is not None:
        options["detail"] = detail
    if only is not None:
        options["only"] = list(only)
    return _json.dumps(options)


_SHARED: dict[str, RuleSet] = {}
_SHARED_LOCK = _threading.Lock()


class RuleSet:
    """A compiled rule set: immutable and safe to share between threads. Compile once,
    evaluate many cases."""

    __slots__ = ("_native",)

    def __init__(self, native: _NativeRuleSet) -> None:
        self._native = native

    # -- compiling -------------------------------------------------------------------

    @classmethod
    def from_dir(cls, path: str | _os.PathLike[str]) -> RuleSet:
        """Compiles every ``.toml`` file under a rule folder; raises ``RuleError`` with
        every diagnostic when they do not compile."""
        return cls.from_files(read_rule_files(path))

    @classmethod
    def from_bundle(cls, path_or_text: str | bytes | _os.PathLike[str]) -> RuleSet:
        """Compiles a bundle (``onramp bundle``, ``bundle_dir``): its JSON text, or the path
        of a bundle file. The bundle's hash is checked against its files."""
        if isinstance(path_or_text, (bytes, bytearray)):
            text = path_or_text.decode("utf-8")
        elif isinstance(path_or_text, str) and path_or_text.lstrip().startswith("{"):
            text = path_or_text
        else:
            text = _Path(path_or_text).read_text(encoding="utf-8")
        return cls(_NativeRuleSet.load(text))

    @classmethod
    def shared(cls, bundle_text: str) -> RuleSet:
        """``from_bundle`` once per process: later calls with the same bundle text return
        the same compiled rule set. For Spark executors, whose Python workers run many
        tasks: each task gets the broadcast text, and only the first one compiles it."""
        key = _hashlib.sha256(bundle_text.encode("utf-8")).hexdigest()
        with _SHARED_LOCK:
            rules = _SHARED.get(key)
            if rules is None:
                rules = cls.from_bundle(bundle_text)
                # A few rule sets at most per process (old ones are dropped): a job
                # decides with one or two.
                while len(_SHARED) >= 4:
                    _SHARED.pop(next(iter(_SHARED)))
                _SHARED[key] = rules
            return rules

    @classmethod
    def from_files(
        cls, files: Mapping[str, str] | Iterable[Mapping[str, str]]
    ) -> RuleSet:
        """Compiles rule files given in memory: ``{path: text}`` or ``[{"path", "text"}]``."""
        if isinstance(files, Mapping):
            listed = [{"path": p, "text": t} for p, t in files.items()]
        else:
            listed = [{"path": f["path"], "text": f["text"]} for f in files]
        return cls(_NativeRuleSet.load(_json.dumps({"files": listed})))

    # -- about the rules -------------------------------------------------------------

    @property
    def bundle_hash(self) -> str:
        """The content hash of the rule files (``sha256:…``); every decision carries it."""
        return self._native.hash

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def version(self) -> str:
        return self._native.version

    @property
    def languages(self) -> list[str]:
        return self._native.languages

    @property
    def max_persons(self) -> int:
        """The most persons one case may list (50 unless raised, at most ``MAX_PERSONS``);
        a case with more is a ``CaseError`` (``too-many-persons``)."""
        return self._native.max_persons

    @max_persons.setter
    def max_persons(self, value: int) -> None:
        self._native.max_persons = value

    def check(self) -> list[Diagnostic]:
        """The warnings found while compiling (errors raised ``RuleError`` already)."""
        return self._native.warnings()

    def schema(self, lang: str | None = None, *, as_dict: bool = False) -> Any:
        """The facts schema (questions, types, allowed values) in a language."""
        text = self._native.schema(lang)
        return _json.loads(text) if as_dict else text

    def catalog(self, lang: str | None = None, *, as_dict: bool = False) -> Any:
        """Names, criterion wording and citations by id: what decisions refer to."""
        text = self._native.catalog(lang)
        return _json.loads(text) if as_dict else text

    def run_tests(self) -> dict[str, Any]:
        """The rule set's own tests: ``{"passed", "failed", "tests": [...]}``."""
        answer: dict[str, Any] = _json.loads(self._native.run_tests())
        answer.pop("type", None)
        return answer

    # -- deciding --------------------------------------------------------------------

    def evaluate(
        self,
        case: Case,
        *,
        as_of: Date,
        lang: str | None = None,
        detail: str | None = None,
        only: Iterable[str] | None = None,
        as_dict: bool = False,
    ) -> Any:
        """The decision for one case (a dict or JSON text): its JSON text, byte for byte
        the kernel's, or a dict with ``as_dict=True``. ``detail`` is ``"summary"`` or
        ``"full"`` (the kernel's default). Raises ``CaseError`` for text that is no case and
        ``OptionsError`` for bad options; malformed fields are the decision's
        ``input_errors`` instead."""
        text = self._native.evaluate(_case_text(case), _options(as_of, lang, detail, only))
        return _json.loads(text) if as_dict else text

    def evaluate_answer(self, case: Case, options: str | Mapping[str, Any]) -> str:
        """The kernel's tagged answer (``{"type":"success","decision":…}`` or
        ``{"type":"failure","errors":[…]}``), exactly ``onramp::api::evaluate``'s bytes,
        for options given as the kernel's JSON (or a dict of it). Never raises for bad
        input."""
        options_text = options if isinstance(options, str) else _json.dumps(options)
        return self._native.evaluate_answer(_case_text(case), options_text)

    def evaluate_many(
        self,
        cases: Iterable[Case],
        *,
        as_of: Date,
        lang: str | None = None,
        detail: str | None = None,
        only: Iterable[str] | None = None,
        as_dict: bool = False,
        errors: str = "raise",
    ) -> list[Any]:
        """Decides many cases on every core with the GIL released: the decisions in input
        order, each as ``evaluate`` gives it. A case that is not a case raises
        ``CaseError`` (with ``index``) when ``errors="raise"``; with ``errors="return"`` its
        place holds the ``CaseError`` instead."""
        if errors not in ("raise", "return"):
            raise ValueError(f'errors: expected "raise" or "return", got {errors!r}')
        texts = [_case_text(c) for c in cases]
        results = self._native.evaluate_many(texts, _options(as_of, lang, detail, only))
        out: list[Any] = []
        for index, result in enumerate(results):
            if isinstance(result, CaseError):
                result.index = index
                if errors == "raise":
                    raise result
                out.append(result)
            else:
                out.append(_json.loads(result) if as_dict else result)
        return out

    def evaluate_arrow(
        self,
        data: Any,
        *,
        as_of: Date,
        column: str = "case",
        lang: str | None = None,
        detail: str | None = None,
        only: Iterable[str] | None = None,
    ) -> Any:
        """Decides an Arrow table or record batch with one case (JSON text) per row in
        ``column``, on every core with the GIL released and no Python per row. Returns the
        same kind (``pyarrow.Table`` or ``pyarrow.RecordBatch``), one row per input row,
        with the columns of ``arrow_schema()``: ``id`` (the case's own), ``decision`` (the
        kernel's JSON text), ``errors`` (malformed fields, JSON), ``failure`` (the kernel's
        failure answer for text that is no case), and per person lists ``person_id``,
        ``<program>.status``, ``<program>.priority``, ``<service>.need``,
        ``<service>.eligibility``, ``<ladder>.next`` with the values of ``onramp batch``'s
        CSV output."""
        import pyarrow as pa

        options = _options(as_of, lang, detail, only)
        if isinstance(data, pa.RecordBatch):
            return self._native.evaluate_arrow(data, column, options)
        if isinstance(data, pa.Table):
            batches = [
                self._native.evaluate_arrow(b, column, options) for b in data.to_batches()
            ]
            return pa.Table.from_batches(batches, schema=self.arrow_schema())
        # Anything else that speaks the Arrow PyCapsule interface (polars, DuckDB …).
        if hasattr(data, "__arrow_c_stream__"):
            return self.evaluate_arrow(pa.table(data), as_of=as_of, column=column,
                                       lang=lang, detail=detail, only=only)
        return self._native.evaluate_arrow(data, column, options)

    def arrow_schema(self) -> Any:
        """The ``pyarrow.Schema`` of ``evaluate_arrow``'s output for this rule set (for
        Spark's ``mapInArrow``, declare it up front)."""
        return self._native.arrow_schema()

    def explain(
        self,
        case: Case,
        target: str,
        *,
        as_of: Date,
        lang: str | None = None,
        as_dict: bool = False,
    ) -> Any:
        """One program, service, step or ladder (``target``, by id or ``kind:id``) in full,
        with wording, values and parameters. Raises ``TargetError`` for an unknown id."""
        text = self._native.explain(
            _case_text(case), _options(as_of, lang, None, None), target
        )
        return _json.loads(text) if as_dict else text

    def __repr__(self) -> str:
        return f"RuleSet(name={self.name!r}, version={self.version!r}, hash={self.bundle_hash!r})"
