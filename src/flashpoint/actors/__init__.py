"""The actor layer: recognise state actors in news and resolve them to ISO-3 code and sector.

``resolve(text_or_doc, date=None)`` is the one-call API; ``ActorResolver`` is what the event
coder holds to resolve docs it already parsed. Tables live in ``actors/data``.
"""

from __future__ import annotations

from flashpoint.actors.resolver import ActorResolver, resolve

__all__ = ["ActorResolver", "resolve"]
