"""Old name of :mod:`tests.support.graph`, kept so that test files written against it still import."""

from tests.support.graph import *  # noqa: F403
