"""IIIF Presentation 3 documents checked against iiif-prezi3's models: the pydantic models the IIIF community
generates from the Presentation 3 JSON Schema (the schema of the IIIF presentation validator)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from iiif_prezi3 import Collection, LngString, Manifest
from iiif_prezi3.base import Base
from pydantic import ValidationError

MODELS = {"Manifest": Manifest, "Collection": Collection}
CONTEXT = "http://iiif.io/api/presentation/3/context.json"


def _model_classes() -> Iterator[type]:
    seen: set[type] = set()
    stack: list[type] = [Base]
    while stack:
        cls = stack.pop()
        if cls not in seen:
            seen.add(cls)
            yield cls
            stack.extend(cls.__subclasses__())


@contextlib.contextmanager
def _checking_only() -> Iterator[None]:
    """iiif-prezi3 builds documents as well as checking them: its helpers fill in what is missing (an id, a type, an
    empty list of items) and turn a plain string into a language map. They are switched off here, so that what we
    serve is checked as it is, not as the library would have repaired it."""
    saved = {cls: cls.__dict__["_defaulters"] for cls in _model_classes() if "_defaulters" in cls.__dict__}
    for cls in saved:
        cls._defaulters = []
    try:
        yield
    finally:
        for cls, defaulters in saved.items():
            cls._defaulters = defaulters


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


# Properties the specification allows where the models have none: "Other types of resource MAY have the summary
# property" (Presentation 3, 3.1). Each is checked as what it must be, then left out of the read-back comparison.
SPEC_ONLY = {("Range", "summary"): LngString}


def _spec_only_checked(value: Any, problems: list[str], where: str = "") -> Any:
    if isinstance(value, list):
        return [_spec_only_checked(v, problems, f"{where}/{i}") for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    kept = {}
    for key, inner in value.items():
        model = SPEC_ONLY.get((value.get("type"), key))
        if model is None:
            kept[key] = _spec_only_checked(inner, problems, f"{where}/{key}")
            continue
        try:
            model.model_validate(inner)
        except ValidationError as error:
            problems += [f"{where}/{key}: {e['msg']}" for e in error.errors()]
    return kept


def iiif_problems(document: dict[str, Any]) -> list[str]:
    """What is wrong with a Manifest or Collection ([] when nothing): what the models refuse, and what they would
    silently drop or change (a misspelt property, a width given as a string), found by reading the document back."""
    model = MODELS.get(document.get("type"))
    if model is None:
        return [f"not a Manifest or Collection: type {document.get('type')!r}"]
    if document.get("@context") != CONTEXT:
        return [f"@context: {document.get('@context')!r}, not the Presentation 3 context"]
    if "context" not in model.model_fields:
        # The library's Collection model has no @context (the specification requires it): checked just above.
        document = {key: value for key, value in document.items() if key != "@context"}
    with _checking_only():
        try:
            parsed = model.model_validate(document)
        except ValidationError as error:
            return [f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
    read_back = _plain(parsed.model_dump(by_alias=True, exclude_none=True, mode="json"))
    problems: list[str] = []
    sent = _spec_only_checked(_plain(document), problems)
    return problems if read_back == sent else problems + _differences(sent, read_back)


def _differences(sent: Any, read: Any, where: str = "") -> list[str]:
    if isinstance(sent, dict) and isinstance(read, dict):
        problems = [f"{where}/{key}: not a property the model knows" for key in sent.keys() - read.keys()]
        problems += [f"{where}/{key}: added by the model" for key in read.keys() - sent.keys()]
        for key in sent.keys() & read.keys():
            problems += _differences(sent[key], read[key], f"{where}/{key}")
        return problems
    if isinstance(sent, list) and isinstance(read, list) and len(sent) == len(read):
        return [p for i, (a, b) in enumerate(zip(sent, read, strict=True)) for p in _differences(a, b, f"{where}/{i}")]
    return [] if sent == read else [f"{where}: {sent!r} read back as {read!r}"]


def assert_valid_iiif(document: dict[str, Any]) -> None:
    problems = iiif_problems(document)
    assert not problems, "not valid IIIF Presentation 3:\n" + "\n".join(problems[:20])
