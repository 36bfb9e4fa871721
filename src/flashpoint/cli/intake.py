"""Commands of this stage (registered on flashpoint.cli.cli)."""
