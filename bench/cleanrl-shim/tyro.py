"""Stand-in for tyro.cli (not packaged in Debian) so CleanRL's scripts run unmodified for `npm run bench -- --compare-cleanrl`.

Parses `--kebab-case value`, `--flag` / `--no-flag` (booleans) and `--flag=value` into the script's Args
dataclass, with the field's annotated type (int, float, str, bool, Optional). Unknown flags are an error.
Used only when the real tyro is not importable (see sitecustomize.py)."""
import dataclasses
import sys
import typing


def _convert(tp, text):
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if text in ("None", "none", "null"):
            return None
        return _convert(args[0], text)
    if tp is bool or tp == "bool":
        return text.lower() in ("1", "true", "yes")
    if tp is int or tp == "int":
        return int(float(text))
    if tp is float or tp == "float":
        return float(text)
    return text


def cli(cls, args=None):
    argv = list(sys.argv[1:] if args is None else args)
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    values = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("--"):
            raise SystemExit(f"tyro shim: unexpected argument {arg!r}")
        name, eq, text = arg[2:].partition("=")
        key = name.replace("-", "_")
        if key not in fields and key.startswith("no_") and key[3:] in fields and hints[key[3:]] is bool:
            values[key[3:]] = False
            i += 1
            continue
        if key not in fields:
            raise SystemExit(f"tyro shim: unknown flag --{name}")
        if hints[key] is bool and not eq and (i + 1 >= len(argv) or argv[i + 1].startswith("--")):
            values[key] = True
            i += 1
            continue
        if not eq:
            i += 1
            text = argv[i]
        values[key] = _convert(hints[key], text)
        i += 1
    return cls(**values)
