"""Typed values to JSON and back, driven by the dataclasses' type hints and checked on reading.

``dumps(value, hint)`` writes a value of the declared type (a frozen dataclass such as
``Briefing``, a tuple of them…) as JSON; ``loads(data, hint)`` reads it back and checks every
value against its declared type, so a file that does not hold exactly such a value raises
``CodecError`` saying where it differs (``$[0].sources[2].date: expected a date (YYYY-MM-DD) but
found 12``) and builds nothing else. No class list is kept: each dataclass's own type hints
(``typing.get_type_hints``) say what its fields hold.

The JSON: a dataclass is an array of its fields in declaration order, a tuple or list an array,
a dict an array of ``[key, value]`` pairs (any key type, order kept), a date its ISO string, a
path its string, an enum its value; ``str``, ``int``, ``float``, ``bool`` and ``None`` as
themselves. A union's members must be written as different JSON types (``str | None``,
``float | int | str``). Types are exact both ways (a ``bool`` is not an ``int``, a ``str``
subclass is refused on writing) and a ``float`` field keeps an ``int`` as an ``int``, so the
round trip gives back an equal value of the same types.

Reading is bounded: recursive types are refused when first used, so reading never goes deeper
than the declared type does, and a file nested deeper than the JSON parser allows, or longer
than ``max_bytes``, is refused whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import gc
import json
import operator
import types
import typing
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from .errors import CodecError

_NONE = type(None)
_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false", _NONE: "null"}


class _Mismatch(Exception):
    """A value that is not of its declared type; ``path`` is filled in on the way out."""

    def __init__(self, what: str, found: Any) -> None:
        super().__init__(what)
        self.what = what
        self.found = found
        self.path: list[str] = []


# ASCII: a lone surrogate in a string is written as an escape, so it reads back as it was.
_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
STREAM_DEPTH = 5
"""How deep ``dump`` writes containers part by part: a briefing's sources, each source's
sentences, each fact… are written one at a time, and no copy of the whole JSON is held."""


def dumps(value: Any, hint: Any) -> bytes:
    """``value`` as compact ASCII JSON; TypeError if it is not exactly of the type ``hint``."""
    return _ENCODER.encode(_codec(hint).encode(value)).encode("ascii")


def dump(value: Any, hint: Any, write: Callable[[bytes], object]) -> None:
    """The bytes of ``dumps(value, hint)``, given to ``write`` a piece at a time."""
    _dump(_codec(hint), value, write, STREAM_DEPTH)


def _dump(codec: _Codec, value: Any, write: Callable[[bytes], object], depth: int) -> None:
    if depth == 0 or codec.parts is None:
        write(_ENCODER.encode(codec.encode(value)).encode("ascii"))
        return
    write(b"[")
    for i, (part, item) in enumerate(codec.parts(value)):
        if i:
            write(b",")
        _dump(part, item, write, depth - 1)
    write(b"]")


def loads(data: bytes, hint: Any, max_bytes: int | None = None) -> Any:
    """The value of type ``hint`` that ``data`` holds; ``CodecError`` if it holds anything else."""
    codec = _codec(hint)
    if max_bytes is not None and len(data) > max_bytes:
        raise CodecError(f"{len(data)} bytes, more than the {max_bytes} allowed")
    enabled = gc.isenabled()
    gc.disable()  # reading makes many objects and no cycles: collecting as they pile up only costs time
    try:
        return codec.decode(json.loads(data))
    except RecursionError:
        raise CodecError("nested deeper than the JSON reader allows") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, an integer too long
        raise CodecError(f"not JSON ({exc})") from None
    except _Mismatch as exc:
        found = type(exc.found).__name__ if isinstance(exc.found, (list, dict)) else repr(exc.found)
        found = found if len(found) <= 40 else found[:37] + "..."
        raise CodecError(f"${''.join(reversed(exc.path))}: expected {exc.what} but found {found}") from None
    finally:
        if enabled:
            gc.enable()


@dataclasses.dataclass(frozen=True)
class _Codec:
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    """Checks and converts one parsed JSON value; raises _Mismatch."""
    kinds: frozenset[type]
    """The Python types json.loads gives for this type's values (to choose a union's member)."""
    plain: frozenset[type]
    """Types whose values are written and read unchanged: a container checks them in place."""
    what: str
    """The type as an error names it: "a date (YYYY-MM-DD)"."""
    parts: Callable[[Any], list[tuple[_Codec, Any]]] | None = None
    """A container's parts with their codecs, for ``dump`` to write one by one."""


# Each type is compiled once into closures over its parts' codecs, so reading a big briefing
# decides what each field is once, not once per value.
_CACHE: dict[Any, _Codec] = {}
_BUILDING: set[Any] = set()


def _codec(hint: Any) -> _Codec:
    if hint in _CACHE:
        return _CACHE[hint]
    if hint in _BUILDING:
        raise TypeError(f"codec: {hint!r} contains itself; recursive types are not supported")
    _BUILDING.add(hint)
    try:
        codec = _make(hint)
    finally:
        _BUILDING.discard(hint)
    _CACHE[hint] = codec
    return codec


def _make(hint: Any) -> _Codec:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is None or hint in _NAMES:
        return _scalar(_NONE if hint is None else hint)
    if hint is dt.date:
        return _date()
    if isinstance(hint, type) and issubclass(hint, PurePath):
        return _path(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if origin is typing.Literal:
        return _literal(args)
    if origin in (typing.Union, types.UnionType):
        return _union(tuple(_codec(a) for a in args))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(_codec(args[0]), tuple)
    if origin is tuple:
        return _fixed(tuple(_codec(a) for a in args))
    if origin is list:
        return _sequence(_codec(args[0]), list)
    if origin is dict:
        return _mapping(_codec(args[0]), _codec(args[1]))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint)
    raise TypeError(f"codec: no JSON form for {hint!r}")


def _wrong(what: str, value: Any) -> typing.NoReturn:
    raise TypeError(f"codec: expected {what}, got {type(value).__name__} {value!r:.40}")


def _scalar(kind: type) -> _Codec:
    # Exact types: a bool is not an int, and a str subclass (Markup) would come back a str.
    plain = frozenset({int, float}) if kind is float else frozenset({kind})
    what = _NAMES[kind]

    def encode(value: Any) -> Any:
        if type(value) not in plain:
            _wrong(what, value)
        return value

    def decode(value: Any) -> Any:
        if type(value) not in plain:
            raise _Mismatch(what, value)
        return value

    return _Codec(encode, decode, plain, plain, what)


def _date() -> _Codec:
    what = "a date (YYYY-MM-DD)"

    def encode(value: Any) -> str:
        if type(value) is not dt.date:
            _wrong(what, value)
        return value.isoformat()

    def decode(value: Any) -> dt.date:
        if type(value) is str and len(value) == 10:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if day.isoformat() == value:  # not another ISO form ("2023-W50-3")
                    return day
        raise _Mismatch(what, value)

    return _Codec(encode, decode, frozenset({str}), frozenset(), what)


def _path(kind: type[PurePath]) -> _Codec:
    def encode(value: Any) -> str:
        if not isinstance(value, kind):
            _wrong("a path", value)
        return str(value)

    def decode(value: Any) -> PurePath:
        if type(value) is not str or not value or "\0" in value:
            raise _Mismatch("a path", value)
        return kind(value)

    return _Codec(encode, decode, frozenset({str}), frozenset(), "a path")


def _enum(kind: type[enum.Enum]) -> _Codec:
    members = {(type(m.value), m.value): m for m in kind}
    if not {t for t, _ in members} <= {str, int}:
        raise TypeError(f"codec: {kind.__name__}'s values must be strings or integers")
    what = f"one of {[v for _, v in members]}"

    def encode(value: Any) -> Any:
        if type(value) is not kind:
            _wrong(kind.__name__, value)
        return value.value

    def decode(value: Any) -> enum.Enum:
        try:
            return members[type(value), value]
        except (KeyError, TypeError):  # TypeError: a list or dict is not hashable
            raise _Mismatch(what, value) from None

    return _Codec(encode, decode, frozenset(t for t, _ in members), frozenset(), what)


def _literal(choices: tuple[Any, ...]) -> _Codec:
    if not all(type(c) in (str, int, bool) for c in choices):
        raise TypeError(f"codec: Literal{list(choices)} must hold strings, integers or booleans")
    allowed = {(type(c), c) for c in choices}  # by type too: True == 1, but Literal[1] is not True
    what = f"one of {list(choices)}"

    def check(value: Any) -> Any:
        try:
            if (type(value), value) in allowed:
                return value
        except TypeError:  # unhashable
            pass
        raise _Mismatch(what, value)

    def encode(value: Any) -> Any:
        try:
            return check(value)
        except _Mismatch:
            _wrong(what, value)

    return _Codec(encode, check, frozenset(type(c) for c in choices), frozenset(), what)


def _union(members: tuple[_Codec, ...]) -> _Codec:
    by_kind: dict[type, _Codec] = {}
    for codec in members:
        for kind in codec.kinds:
            if kind in by_kind:
                if {by_kind[kind].what, codec.what} == {"a number", "an integer"}:
                    by_kind[kind] = codec if codec.what == "an integer" else by_kind[kind]
                    continue  # an int goes to the int member, not the float one
                raise TypeError(f"codec: {by_kind[kind].what} and {codec.what} are both written as "
                                f"JSON {kind.__name__}: a union needs members written differently")
            by_kind[kind] = codec
    plain = frozenset().union(*(c.plain for c in members))
    what = " or ".join(c.what for c in members)

    def encode(value: Any) -> Any:
        if type(value) in plain:
            return value
        for codec in members:
            try:
                return codec.encode(value)
            except TypeError:
                continue
        _wrong(what, value)

    def decode(value: Any) -> Any:
        codec = by_kind.get(type(value))
        if codec is None:
            raise _Mismatch(what, value)
        return codec.decode(value)

    return _Codec(encode, decode, frozenset(by_kind), plain, what)


def _locate(exc: _Mismatch, decoders: Any, values: list[Any]) -> None:
    """Add to ``exc`` which item of ``values`` failed: the first that fails again (decoding stops
    at the first failure, so it is the same one). Runs only once a file is already refused."""
    for i, (decode, value) in enumerate(zip(decoders, values, strict=False)):
        try:
            decode(value)
        except _Mismatch:
            exc.path.append(f"[{i}]")
            return


def _sequence(item: _Codec, kind: type[Any]) -> _Codec:
    encode_item, decode_item, plain = item.encode, item.decode, item.plain
    what = f"an array of {item.what}"

    def encode(value: Any) -> list[Any]:
        if type(value) is not kind:
            _wrong(f"a {kind.__name__}", value)
        if plain and plain.issuperset(map(type, value)):
            return list(value)
        return [encode_item(v) for v in value]

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise _Mismatch(what, value)
        if plain and plain.issuperset(map(type, value)):
            return value if kind is list else tuple(value)
        try:
            return kind([decode_item(v) for v in value])
        except _Mismatch as exc:
            _locate(exc, [decode_item] * len(value), value)
            raise

    def parts(value: Any) -> list[tuple[_Codec, Any]]:
        if type(value) is not kind:
            _wrong(f"a {kind.__name__}", value)
        return [(item, v) for v in value]

    # Items that are containers themselves are worth writing one by one; strings are not.
    return _Codec(encode, decode, frozenset({list}), frozenset(), what,
                  parts if item.parts is not None else None)


def _fixed(items: tuple[_Codec, ...]) -> _Codec:
    n, decoders = len(items), tuple(c.decode for c in items)
    what = f"an array of {n} ({', '.join(c.what for c in items)})"

    def encode(value: Any) -> list[Any]:
        if type(value) is not tuple or len(value) != n:
            _wrong(f"a tuple of {n}", value)
        return [c.encode(v) for c, v in zip(items, value, strict=True)]

    def decode(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != n:
            raise _Mismatch(what, value)
        try:
            return tuple([d(v) for d, v in zip(decoders, value, strict=True)])
        except _Mismatch as exc:
            _locate(exc, decoders, value)
            raise

    def parts(value: Any) -> list[tuple[_Codec, Any]]:
        if type(value) is not tuple or len(value) != n:
            _wrong(f"a tuple of {n}", value)
        return list(zip(items, value, strict=True))

    return _Codec(encode, decode, frozenset({list}), frozenset(), what, parts)


def _mapping(key: _Codec, item: _Codec) -> _Codec:
    what = f"an array of [key, value] pairs ({key.what}, {item.what})"
    pair = _fixed((key, item))

    def encode(value: Any) -> list[list[Any]]:
        if type(value) is not dict:
            _wrong("a dict", value)
        return [[key.encode(k), item.encode(v)] for k, v in value.items()]

    def decode(value: Any) -> dict[Any, Any]:
        if type(value) is not list:
            raise _Mismatch(what, value)
        try:
            pairs = [pair.decode(p) for p in value]
        except _Mismatch as exc:
            _locate(exc, [pair.decode] * len(value), value)
            raise
        try:
            out = dict(pairs)
        except TypeError:  # a key type json reads as an unhashable list
            raise _Mismatch(f"{what}, keys hashable", value) from None
        if len(out) != len(pairs):
            raise _Mismatch(f"{what}, each key once", value)
        return out

    return _Codec(encode, decode, frozenset({list}), frozenset(), what)


def _dataclass(cls: type) -> _Codec:
    # A field outside __init__ is worked out from the others (in __post_init__): it is neither
    # written nor read, and comes back when the object is made again.
    fields = tuple(f for f in dataclasses.fields(cls) if f.init)
    hints = typing.get_type_hints(cls)
    names = tuple(f.name for f in fields)
    codecs = tuple(_codec(hints[name]) for name in names)
    encoders = tuple((name, c.plain, c.encode) for name, c in zip(names, codecs, strict=True))
    n = len(names)
    what = f"a {cls.__name__} (an array of {n})"
    # Fields read unchanged (str, int, str | None…) are checked together, at C speed; the others
    # (dates, containers, nested dataclasses) go through their decoders one by one.
    plain_at = [i for i, c in enumerate(codecs) if c.plain and c.plain == c.kinds]
    plain_types = tuple(codecs[i].plain for i in plain_at)
    pick = operator.itemgetter(*plain_at) if len(plain_at) > 1 else (
        (lambda v: (v[plain_at[0]],)) if plain_at else (lambda v: ()))
    others = tuple((i, c.decode) for i, c in enumerate(codecs) if i not in plain_at)

    def encode(value: Any) -> list[Any]:
        if type(value) is not cls:
            _wrong(cls.__name__, value)
        out = []
        for name, plain, enc in encoders:
            v = getattr(value, name)
            out.append(v if type(v) in plain else enc(v))
        return out

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != n:
            raise _Mismatch(what, value)
        if not all(map(frozenset.__contains__, plain_types, map(type, pick(value)))):
            for i in plain_at:
                if type(value[i]) not in codecs[i].plain:
                    exc = _Mismatch(codecs[i].what, value[i])
                    exc.path.append(f".{names[i]}")
                    raise exc
        args = value.copy()
        for i, dec in others:
            try:
                args[i] = dec(value[i])
            except _Mismatch as exc:
                exc.path.append(f".{names[i]}")
                raise
        return cls(*args)

    def decode_plain(value: Any) -> Any:  # every field read unchanged: Citation, Sentence…
        if type(value) is not list or len(value) != n:
            raise _Mismatch(what, value)
        if not all(map(frozenset.__contains__, plain_types, map(type, value))):
            decode(value)  # says which field
        return cls(*value)

    def parts(value: Any) -> list[tuple[_Codec, Any]]:
        if type(value) is not cls:
            _wrong(cls.__name__, value)
        return [(c, getattr(value, name)) for name, c in zip(names, codecs, strict=True)]

    return _Codec(encode, decode if others else decode_plain, frozenset({list}), frozenset(), what, parts)
