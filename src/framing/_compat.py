"""Old parameter names kept working for one release (see docs/reference/parameters.md).

``@renamed_params(workers="n_process")`` lets a function or method take its old keyword name:
the value goes to the new name with a :class:`DeprecationWarning`; passing both is an error.
The signature (``inspect.signature``, ``help()``) shows only the new names.
"""
from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from framing.errors import ParameterError

F = TypeVar("F", bound=Callable[..., Any])


def renamed_params(**renames: str) -> Callable[[F], F]:
    """Decorator: accept the old keyword names ``renames`` (old=new) for one release.

    >>> @renamed_params(top="top_n")
    ... def best(items, top_n=2):
    ...     return items[:top_n]
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     best([1, 2, 3], top=1), caught[0].category.__name__
    ([1], 'DeprecationWarning')
    """
    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ParameterError(f"{new} and {old} are the same parameter ({old} is its old, "
                                             f"deprecated name); pass {new} only")
                    warnings.warn(f"{func.__qualname__}: the parameter {old}= is deprecated and will be "
                                  f"removed; use {new}=", DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed_params__ = {**getattr(func, "__renamed_params__", {}), **renames}  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


__all__ = ["renamed_params"]
