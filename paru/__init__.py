"""Paru's wiring: the command line, the app factory and the runtime that open the store for everyone else.

The layers point one way (``pyproject.toml``, checked by ``lint-imports``): ``paru`` on top, then ``bot`` and
``admin``, then ``catalogue``, then ``core`` at the bottom.
"""
