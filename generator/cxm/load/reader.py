"""Safe YAML loading that keeps the position of every key and value.

The document is built from the parser's event stream rather than from `yaml.compose`: the
C composer recurses and crashes the interpreter on deeply nested input, while the event
stream is flat. Building from events also lets us count alias expansion as it happens, find
duplicate keys, keep dates as strings and refuse every non-plain tag, in a single pass.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..diagnostics import Diagnostic
from .document import Document, Position, quote, shown
from .slips import explain

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 100
# Nodes an alias may add when expanded; far above any real assessment or framework.
MAX_ALIAS_NODES = 100_000
_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels"
# Characters of a number: far above any real one (levels, metrics: at most 1e9). Python turns
# longer decimal text into an int slowly, or not at all (4,300 digits), and a sexagesimal
# `1:59:59:...` of a few hundred kilobytes takes tens of seconds.
MAX_NUMBER_CHARS = 100

# The bare C parser (events only) when PyYAML has its C extension; else the Python loader.
_Parser = yaml.cyaml.CParser if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()

_T = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {_T + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
# Tags a scalar may carry: the plain ones, the non-specific "!" and the two collection tags
# (a scalar tagged !!map or !!seq stays text, as it always has).
_SCALAR_TAGS = _PLAIN_SCALAR_TAGS | {"!", _T + "map", _T + "seq"}
# What YAML 1.1 lets each type's text be (the resolver's own patterns): an explicit tag on
# other text is refused. Python's int() and float() take more (`١٢٣`, `infinity`, ` 1`).
_FORM = {
    tag: regexp for group in Resolver.yaml_implicit_resolvers.values() for tag, regexp in group
}
_TAG_FORMS = {
    _T + "int": (_FORM[_T + "int"],),
    _T + "float": (_FORM[_T + "float"], _FORM[_T + "int"]),
    _T + "bool": (_FORM[_T + "bool"],),
    _T + "null": (_FORM[_T + "null"],),
    _T + "timestamp": (_FORM[_T + "timestamp"],),
}
_NUMBERS = (_T + "int", _T + "float")


class _TooComplex(Exception):
    def __init__(self, message: str, pos: Position):
        super().__init__(message)
        self.pos = pos


class _BadScalar(Exception):
    """A scalar that cannot be the value it says it is: a diagnostic at the scalar, and the
    rest of the file is still read."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# A Position made from a pair without the Python-level __new__ of a NamedTuple: the loader
# makes one for every key and value of every file.
_new_position = functools.partial(tuple.__new__, Position)


def _pos(mark) -> Position:
    return _new_position((mark.line + 1, mark.column + 1))


def _diag(path: str, pos: Position, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, pos.line, pos.column, "error", code, message)


def load_file(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and load one file; never raises for anything the file contains."""
    display = display or str(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        # The OS error's own text, not str(exc): that repeats the absolute path of the file.
        reason = exc.strerror or type(exc).__name__
        return None, [_diag(display, Position(1, 1), "encoding", f"cannot read file: {reason}")]
    if raw is None:
        return None, [_diag(display, Position(1, 1), "file-too-large", "file is larger than 1 MiB")]
    return load_bytes(raw, display)


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [_diag(display, Position(1, 1), "file-too-large", "file is larger than 1 MiB")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Decoded again without the byte order mark, which is not a character of the line:
        # the codec then counts offsets from the file's first byte, and the column counts
        # the characters before the bad byte.
        skip = 3 if raw.startswith(codecs.BOM_UTF8) else 0
        bad = skip + _bad_byte(raw[skip:])
        line_start = max(raw.rfind(b"\n", 0, bad) + 1, skip)
        line = raw.count(b"\n", 0, bad) + 1
        column = len(raw[line_start:bad].decode("utf-8", "replace")) + 1
        return None, [
            _diag(
                display,
                Position(line, column),
                "encoding",
                f"file is not UTF-8 text (byte 0x{raw[bad]:02x} at offset {bad})",
            )
        ]
    return load_text(text, display)


def _bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def load_text(text: str, display: str) -> tuple[Document | None, list[Diagnostic]]:
    doc = Document(display, None)
    diagnostics: list[Diagnostic] = []
    try:
        _build(text, doc, diagnostics)
    except _TooComplex as exc:
        return None, [_diag(display, exc.pos, "yaml-too-complex", str(exc))]
    except yaml.YAMLError as exc:
        if _is_nesting_limit(exc):
            # LibYAML 0.2.6+ bounds nesting itself, and its scanner may read past our own bound
            # before the parser hands us the event that crosses it: the same problem either way.
            return None, [_diag(display, _error_pos(exc, text), "yaml-too-complex", _TOO_DEEP)]
        slip = explain(exc, text)  # the commonest slips in plain words, on their own line
        if slip is not None:
            return None, [_diag(display, slip.pos, "yaml-syntax", slip.message)]
        return None, [_diag(display, _error_pos(exc, text), "yaml-syntax", _error_message(exc))]
    except RecursionError:
        return None, [_diag(display, Position(1, 1), "yaml-too-complex", "nesting is too deep")]
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    if doc.data is None:
        return None, [_diag(display, Position(1, 1), "missing-field", "file is empty")]
    return doc, diagnostics


def _is_nesting_limit(exc: yaml.YAMLError) -> bool:
    return "maximum nesting depth" in (getattr(exc, "problem", None) or "")


def _error_pos(exc: yaml.YAMLError, text: str) -> Position:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return _pos(mark)
    offset = getattr(exc, "position", None)
    if isinstance(offset, int):
        if _Parser is not yaml.SafeLoader:
            # LibYAML counts this offset in bytes of UTF-8; columns are in characters.
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        return _offset_pos(text, offset)
    return Position(1, 1)


def _offset_pos(text: str, offset: int) -> Position:
    before = text[:offset]
    return Position(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _error_message(exc: yaml.YAMLError) -> str:
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    message = ", ".join(p for p in parts if p)
    if not message:
        message = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        if isinstance(exc, yaml.reader.ReaderError):
            message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
    return f"invalid YAML: {shown(message, 200)}"


class _Container:
    """A mapping or sequence being built, with what it needs to finish."""

    __slots__ = ("anchor", "is_map", "key", "key_pos", "loc", "merges", "pos", "size", "value")

    def __init__(self, is_map: bool, loc: tuple, pos: Position, anchor: str | None):
        self.is_map = is_map
        self.loc = loc
        self.pos = pos
        self.anchor = anchor
        self.value: Any = {} if is_map else []
        self.size = 1
        self.key: Any = _NO_KEY  # mapping: the key waiting for its value
        self.key_pos: Position | None = None
        self.merges: list[Any] = []


_NO_KEY = object()
_MERGE = object()


def _build(text: str, doc: Document, diagnostics: list[Diagnostic]) -> None:
    # The hot loop of validation: one pass over the events. Scalars, most of the events, are
    # handled here with the builder's state in locals; the other events go to its methods.
    builder = _Builder(doc, diagnostics)
    stack, anchors, add = builder.stack, builder.anchors, builder.add
    keys, values, texts = doc.keys, doc.values, doc.texts
    handlers, new_position = _HANDLERS, _new_position
    scalar_event = yaml.ScalarEvent
    parser = _Parser(text)
    get_event = parser.get_event
    try:
        while (event := get_event()) is not None:
            if type(event) is not scalar_event:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(builder, event)
                continue
            mark = event.start_mark
            pos = new_position((mark.line + 1, mark.column + 1))
            top = stack[-1] if stack else None
            is_key = top is not None and top.is_map and top.key is _NO_KEY
            written = event.value
            value = _NO_KEY
            if event.tag is None and event.implicit[0]:
                value = _PLAIN.get(written, _NO_KEY)  # short values repeat in every file
            if value is _NO_KEY:
                try:
                    value = _scalar(event)
                except _BadScalar as exc:
                    diagnostics.append(_diag(doc.path, pos, exc.code, str(exc)))
                    value = written
            if value is _MERGE:
                if is_key:
                    top.key = _MERGE
                    top.key_pos = pos
                    continue
                value = "<<"
            # A plain scalar YAML 1.1 reads as a boolean or a number: keep its text, for the
            # fields that expect text (`team: 1984`, `assessors: [No]`).
            plain = value.__class__ is not str and value is not None and event.implicit[0]
            if event.anchor:
                anchors[event.anchor] = (value, 1, builder.slot(is_key))
            if top is None or (not is_key and top.key is _MERGE):
                add(value, pos, 1, is_key)
            elif is_key:
                if value.__class__ is not str and event.implicit[0]:
                    if value.__class__ is int:  # a level (`3:`), or a name (`1984:`)
                        doc.key_texts[(*top.loc, value)] = written
                    else:
                        # No field has a boolean, decimal or null key: the key is its text,
                        # so `No:` and `Off:` (both false in YAML 1.1) are two keys.
                        value = written
                top.size += 1
                top.key = value
                top.key_pos = pos
            elif top.is_map:
                # A value after its key: the common case of add(), inline.
                top.size += 1
                key = top.key
                top.key = _NO_KEY
                if key in top.value:
                    top.key = key
                    top.size -= 1
                    add(value, pos, 1, False)
                    continue
                top.value[key] = value
                loc = (*top.loc, key)
                keys[loc] = top.key_pos
                values[loc] = pos
                if plain:
                    texts[loc] = written
            else:
                top.size += 1
                loc = (*top.loc, len(top.value))
                values.setdefault(loc, pos)
                top.value.append(value)
                if plain:
                    texts[loc] = written
    finally:
        parser.dispose()


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None and event.implicit[0]:
        return _plain(event.value)
    if tag is None or tag == "!":
        return event.value  # quoted, or the non-specific tag "!": always text
    return _tagged(tag, event)


class _Builder:
    """What `_build` keeps between events: the open containers, anchors and counts."""

    __slots__ = ("anchors", "diagnostics", "doc", "documents", "expanded", "open_anchors", "stack")

    def __init__(self, doc: Document, diagnostics: list[Diagnostic]):
        self.doc = doc
        self.diagnostics = diagnostics
        self.stack: list[_Container] = []
        # Anchor -> its value, the number of values in it, and where it stands (None: a key).
        self.anchors: dict[str, tuple[Any, int, tuple | None]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.documents = 0

    def slot(self, is_key: bool) -> tuple | None:
        """Where the next value goes (None for a key)."""
        stack = self.stack
        if not stack:
            return ()
        top = stack[-1]
        if not top.is_map:
            return (*top.loc, len(top.value))
        return None if is_key else (*top.loc, top.key)

    def add(
        self, value: Any, pos: Position, size: int, is_key_slot: bool, source: tuple | None = None
    ) -> None:
        """Attach a finished value to the container on top of the stack (or the root).
        `source`: where the value stands in the file when it is an alias's copy."""
        stack, doc = self.stack, self.doc
        if not stack:
            doc.data = value
            doc.values[()] = pos
            return
        top = stack[-1]
        top.size += size
        if not top.is_map:
            loc = (*top.loc, len(top.value))
            doc.values.setdefault(loc, pos)
            if source is not None:
                doc.aliases[loc] = source
            top.value.append(value)
            return
        if is_key_slot:
            if isinstance(value, (dict, list)):
                self.diagnostics.append(
                    _diag(doc.path, pos, "invalid-value", "a key must be a plain value")
                )
                value = f"<invalid key at {pos.line}:{pos.column}>"
            top.key = value
            top.key_pos = pos
            return
        key, key_pos = top.key, top.key_pos
        top.key = _NO_KEY
        if key is _MERGE:
            # An inline mapping (or list) to merge stands under the merge key itself.
            top.merges.append((value, pos, (*top.loc, _MERGE) if source is None else source))
            return
        if key in top.value:
            first = doc.keys[(*top.loc, key)]
            self.diagnostics.append(
                _diag(
                    doc.path,
                    key_pos,
                    "duplicate-key",
                    f"duplicate key {quote(key)} (first at line {first.line}); "
                    "YAML would silently keep only the last value",
                )
            )
            return
        top.value[key] = value
        loc = (*top.loc, key)
        doc.keys[loc] = key_pos
        doc.values[loc] = pos
        if source is not None:
            doc.aliases[loc] = source

    def start(self, event: yaml.CollectionStartEvent) -> None:
        stack = self.stack
        pos = _pos(event.start_mark)
        is_key = _key_slot(stack)
        tag = event.tag
        if tag and tag not in ("!", _T + "map", _T + "seq"):
            raise yaml.MarkedYAMLError(
                problem=f"tag {_short(tag)} is not allowed: only plain YAML values are",
                problem_mark=event.start_mark,
            )
        if len(stack) >= MAX_DEPTH:
            raise _TooComplex(_TOO_DEEP, pos)
        is_map = type(event) is yaml.MappingStartEvent
        fits = _T + "map" if is_map else _T + "seq"
        if tag in (_T + "map", _T + "seq") and tag != fits:
            raise yaml.MarkedYAMLError(
                problem=f"tag {tag} does not fit", problem_mark=event.start_mark
            )
        if is_key:
            loc = (*stack[-1].loc, "<key>")
        elif not stack:
            loc = ()
        else:
            top = stack[-1]
            loc = (*top.loc, top.key) if top.is_map else (*top.loc, len(top.value))
        if event.anchor:
            self.open_anchors.add(event.anchor)
        stack.append(_Container(is_map, loc, pos, event.anchor))

    def end(self, event: yaml.CollectionEndEvent) -> None:
        done = self.stack.pop()
        if done.is_map and done.merges:
            done.value = _merge(done, self.doc, self.diagnostics)
        if done.anchor:
            self.anchors[done.anchor] = (done.value, done.size, done.loc)
            self.open_anchors.discard(done.anchor)
        self.add(done.value, done.pos, done.size, _key_slot(self.stack))

    def alias(self, event: yaml.AliasEvent) -> None:
        pos = _pos(event.start_mark)
        if event.anchor in self.open_anchors:
            raise _TooComplex(f"alias *{shown(event.anchor)} refers to itself", pos)
        if event.anchor not in self.anchors:
            raise yaml.MarkedYAMLError(
                problem=f"found undefined alias *{shown(event.anchor)}",
                problem_mark=event.start_mark,
            )
        value, size, source = self.anchors[event.anchor]
        self.expanded += size
        if self.expanded > MAX_ALIAS_NODES:
            raise _TooComplex(f"aliases expand to more than {MAX_ALIAS_NODES:,} values", pos)
        self.add(value, pos, size, _key_slot(self.stack), source)

    def document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise yaml.MarkedYAMLError(
                problem="a file holds one document; found a second one ('---')",
                problem_mark=event.start_mark,
            )


# The builder's method for each event other than a scalar; the other events need nothing.
_HANDLERS: dict[type, Callable[[_Builder, Any], None]] = {
    yaml.MappingStartEvent: _Builder.start,
    yaml.SequenceStartEvent: _Builder.start,
    yaml.MappingEndEvent: _Builder.end,
    yaml.SequenceEndEvent: _Builder.end,
    yaml.AliasEvent: _Builder.alias,
    yaml.DocumentStartEvent: _Builder.document,
}


def _key_slot(stack: list[_Container]) -> bool:
    return bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY


def _short(tag: str) -> str:
    return shown("!!" + tag[len(_T) :] if tag.startswith(_T) else tag)


# Plain scalars resolved already: short values ("3", "true", "level") repeat in every file,
# and every file then shares one string for each.
_PLAIN: dict[str, Any] = {}
_PLAIN_MAX = 4096
_PLAIN_LEN = 32  # characters of a value kept there

# The first characters of a plain scalar that the YAML 1.1 rules may read as other than
# text: the resolver tries its patterns only on those. (None: a pattern for any character.)
_RESOLVED_FIRST = frozenset(Resolver.yaml_implicit_resolvers)


def _plain(value: str) -> Any:
    """An untagged plain scalar: resolved by the YAML 1.1 rules, dates kept as text."""
    short = len(value) <= _PLAIN_LEN
    if not short and value[0] not in _RESOLVED_FIRST and None not in _RESOLVED_FIRST:
        return value  # long text no pattern applies to (evidence, notes): as the resolver says
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    out = _construct(tag, value, "invalid-value", hint="; quote it if it is text")
    if short and len(_PLAIN) < _PLAIN_MAX:
        _PLAIN[value] = out
    return out


def _tagged(tag: str, event: yaml.ScalarEvent) -> Any:
    """An explicitly tagged scalar: one of the plain YAML types, or refused."""
    if tag not in _SCALAR_TAGS:
        raise yaml.MarkedYAMLError(
            problem=f"tag {_short(tag)} is not allowed: only plain YAML values are",
            problem_mark=event.start_mark,
        )
    value = event.value
    forms = _TAG_FORMS.get(tag, ())
    if forms and not any(form.fullmatch(value) for form in forms):
        raise _BadScalar(
            "yaml-syntax", f"invalid YAML: {quote(value)} is not a valid {_short(tag)}"
        )
    return _construct(tag, value, "yaml-syntax", prefix="invalid YAML: ")


_TYPED = {
    _T + "int": _CONSTRUCTOR.construct_yaml_int,
    _T + "float": _CONSTRUCTOR.construct_yaml_float,
    _T + "bool": _CONSTRUCTOR.construct_yaml_bool,
}


def _construct(tag: str, value: str, code: str, prefix: str = "", hint: str = "") -> Any:
    if tag == _T + "merge":
        return _MERGE
    if tag == _T + "str":
        return value
    if tag == _T + "null":
        return None
    construct = _TYPED.get(tag)
    if construct is None:
        # Strings and timestamps stay text: the models parse dates (and report bad ones).
        return value
    if tag in _NUMBERS and len(value) > MAX_NUMBER_CHARS:
        raise _BadScalar(
            "invalid-value",
            f"number {quote(value)} is too long ({len(value):,} characters, at most "
            f"{MAX_NUMBER_CHARS}){hint}",
        )
    try:
        return construct(yaml.ScalarNode(tag, value))
    except Exception:  # PyYAML's constructors on text that only looks like the type (`0b_`)
        message = f"{prefix}{quote(value)} is not a valid {_short(tag)}{hint}"
        raise _BadScalar(code, message) from None


def _merge(container: _Container, doc: Document, diagnostics: list[Diagnostic]) -> dict:
    """YAML merge keys (`<<: *base`): explicit keys win over merged ones."""
    merged: dict = {}
    origin: dict = {}  # merged key -> where its value stands in the file
    for value, pos, source_loc in container.merges:
        sources = (
            [((*source_loc, i), item) for i, item in enumerate(value)]
            if isinstance(value, list)
            else [(source_loc, value)]
        )
        for loc, source in sources:
            if not isinstance(source, dict):
                diagnostics.append(
                    _diag(doc.path, pos, "invalid-value", "'<<' merges mappings only")
                )
                continue
            for key, item in source.items():
                if key not in merged:
                    merged[key] = item
                    origin[key] = (*loc, key)
    merged.update(container.value)
    for key in merged:
        here = (*container.loc, key)
        doc.values.setdefault(here, container.pos)
        if key not in container.value:
            doc.aliases[here] = origin[key]
    return merged
