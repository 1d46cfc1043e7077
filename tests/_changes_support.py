"""Old name of :mod:`tests.support.changes`, kept so that test files written against it still import."""

from tests.support.changes import *  # noqa: F403
