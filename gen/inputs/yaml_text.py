"""An input as YAML text: the model's field order, amounts as exact numbers, codes as quoted text."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.representer import RoundTripRepresenter


def _decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    # The loader reads a plain number back as the same Decimal, trailing zeros included.
    text = format(value, "f")
    tag = "int" if text.lstrip("-").isdigit() else "float"
    return representer.represent_scalar(f"tag:yaml.org,2002:{tag}", text)


def write_yaml(data: dict[str, Any], header: str = "", comments: dict[str, str] | None = None) -> bytes:
    """`data` as YAML; `comments` are put after top-level keys (a new input's field titles)."""
    yaml = YAML(typ="rt")
    yaml.Representer.add_representer(Decimal, _decimal)
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    tree = CommentedMap(data)
    for key, comment in (comments or {}).items():
        if key in tree:
            tree.yaml_add_eol_comment(comment, key)
    buffer = io.StringIO()
    if header:
        buffer.write("".join(f"# {line}\n" for line in header.splitlines()))
    yaml.dump(tree, buffer)
    return buffer.getvalue().encode("utf-8")
