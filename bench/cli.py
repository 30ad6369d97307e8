"""What the command lines of the storage benchmarks (bench.backends, bench.processes) share."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable


def parser_for(prog: str, doc: str | None) -> argparse.ArgumentParser:
    """A parser whose --help shows the module's whole docstring, as written."""
    return argparse.ArgumentParser(prog=prog, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def add_shared_options(parser: argparse.ArgumentParser, seed: int) -> None:
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument(
        "--url",
        help="an existing PostgreSQL server (a role that may CREATE DATABASE) to make the databases in "
        "(default: a throwaway one on this machine)",
    )
    parser.add_argument(
        "--pg-setting",
        dest="pg_settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of the throwaway PostgreSQL server, repeatable (e.g. synchronous_commit=off; "
        "default: PostgreSQL's own, durable)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> tuple[dict, bool]:
    """The options (as keywords for the benchmark's Options) and whether to print JSON."""
    values = vars(parser.parse_args(argv))
    as_json = values.pop("json")
    return values, as_json


def show(result: dict, as_json: bool, print_table: Callable[[dict], None]) -> None:
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
