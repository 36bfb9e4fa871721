"""The ``flashpoint`` command line: thin commands over the public functions.

Each command lives in the module of its stage (intake, coding, actors, analysis, web)
and only parses options, calls one public function and prints. Errors from
:mod:`flashpoint.errors` become one-line messages here, in one place, with exit code 2;
commands that reject records exit 1.
"""

from __future__ import annotations

import click

from flashpoint.errors import FlashpointError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FlashpointError as exc:
            click.echo(f"flashpoint: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flashpoint")
def cli() -> None:
    """flashpoint: who did what to whom in the news, and which act answers which."""


def main() -> None:
    cli(prog_name="flashpoint")


# Command modules register themselves on ``cli`` when imported.
from flashpoint.cli import actors, analysis, coding, intake, web  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
