"""The typer-free dispatch of ``kg query`` (kg.cli.fastpath) must read every command line it
accepts exactly as typer/click would: for generated command lines, whenever the fast parser
gives an answer, click's own parser of the real ``kg query`` command accepts the same words and
gives the same parameters."""

from __future__ import annotations

import inspect
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from kg.cli.fastpath import parse_query_args
from kg.cli.query_run import run_query

EXAMPLES = int(os.environ.get("PHARMAKG_FUZZ_EXAMPLES", "150"))
OPTIONS = ["--param", "-p", "--format", "-f", "--sparql", "--endpoint", "--backend", "--store",
           "--file", "--inferred", "--explicit", "--allow-service", "--help", "-h", "--", "-",
           "--bogus", "-x", "--inferred=1", "--param=", "--store=s", "-pdrug=x", "-p=x"]
WORDS = st.one_of(st.sampled_from(["side-effects", "drug=Klonopin", "Elavil", "json", "",
                                   "a=b=c", "-1", "x y", "--", "ü"]),
                  st.text(alphabet="ab=-_ ", max_size=6))
ARGV = st.lists(st.one_of(st.sampled_from(OPTIONS), WORDS), max_size=8)
DEFAULTS = {name: p.default for name, p in inspect.signature(run_query).parameters.items()}


def click_params(args: list[str]) -> dict | None:
    """What the real ``kg query`` command's parser makes of ``args`` (None: a usage error)."""
    import typer.main

    from kg.cli import app

    group = typer.main.get_command(app)
    command = group.get_command(None, "query")
    try:
        ctx = command.make_context("query", list(args))
    except Exception as exc:  # click usage errors (typer vendors click)
        if isinstance(getattr(exc, "exit_code", None), int):
            return None
        raise
    return dict(ctx.params)


def normalised(params: dict) -> dict:
    out = {**DEFAULTS, **params}
    out["values"] = list(out["values"] or [])
    out["param"] = list(out["param"] or [])
    return out


@settings(derandomize=True, max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(ARGV)
def test_the_fast_parser_agrees_with_click(args):
    fast = parse_query_args(args)
    if fast is None:
        return  # typer handles it, as before
    clicked = click_params(args)
    assert clicked is not None, f"click refuses {args!r} but the fast path accepted it"
    assert normalised(fast) == normalised(clicked)


def test_common_spellings_take_the_fast_path():
    assert parse_query_args(["side-effects", "Klonopin", "--store", "sider", "-f", "json"]) == {
        "param": [], "store": "sider", "fmt": "json", "name": "side-effects",
        "values": ["Klonopin"]}
    assert parse_query_args(["shared-side-effects", "-p", "drug1=a", "--param=drug2=b",
                             "--inferred"])["param"] == ["drug1=a", "drug2=b"]
    for typer_only in (["--help"], ["side-effects", "-h"], ["--file", "q.rq"], ["x", "--"],
                       ["side-effects", "-pdrug=x"], ["side-effects", "--param"]):
        assert parse_query_args(typer_only) is None
