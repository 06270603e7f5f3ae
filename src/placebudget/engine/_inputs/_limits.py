"""The size limit on a case's engine arrays: :data:`MAX_ARRAY_BYTES` and
:func:`check_size`, which refuses a case before anything is allocated."""

from __future__ import annotations

import numpy as np

from placebudget.errors import Problem, ValidationError
from placebudget.model import BusinessCase

__all__ = ["MAX_ARRAY_BYTES", "check_size"]

#: Largest single array the engine allocates for one projection (bytes): 2 GiB. Checked
#: before anything is allocated, so a case (or a number of draws) that would need more is
#: refused with the sizes, never met with a MemoryError.
MAX_ARRAY_BYTES = 2 * 1024**3


def check_size(case: BusinessCase, *, draws: int = 1, what: str = "project") -> None:
    """Refuse a case whose largest engine array — draws × partners × years × outcomes
    (each money variable), or draws × effects × years² (the benefit profile) — would need
    more than ``MAX_ARRAY_BYTES`` (2 GiB).

    Parameters
    ----------
    case
        The case to be projected.
    draws
        How many draws of it are held at once.
    what
        What is to be done with it, for the error's context (``cannot {what} …``).

    Raises
    ------
    placebudget.errors.ValidationError
        The array would be too large, naming its sizes and the limit.
    """
    n_y, n_p = case.horizon, len(case.place.partners)
    n_o = len(case.outcomes)
    n_e = sum(len(i.effects) for i in case.interventions)
    shapes = {
        "partners × years × outcomes": (n_p, n_y, n_o),
        "effects × years × intake years": (n_e, n_y, n_y),
    }
    for label, shape in shapes.items():
        needed = 8 * draws * int(np.prod(shape, dtype=np.float64))
        if needed > MAX_ARRAY_BYTES:
            sizes = " × ".join(f"{n:,}" for n in ((draws, *shape) if draws > 1 else shape))
            named = f"draws × {label}" if draws > 1 else label
            msg = (
                f"would need a {named} array of {sizes} ({needed / 1024**3:,.1f} GiB), "
                f"more than the limit of {MAX_ARRAY_BYTES / 1024**3:,.0f} GiB"
            )
            path = "draws" if draws > 1 else "horizon"
            raise ValidationError(
                [Problem(path, msg, draws if draws > 1 else n_y)],
                context=f"cannot {what} {case.name!r}",
            )
