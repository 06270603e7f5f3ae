"""The one-hot maps of the engine's inputs and the contractions through them.

The maps from effects to interventions and outcomes, and from cost lines to
interventions and partners, are one-hot: given as a :class:`OneHot` (each row's column)
they cost work in proportion to the rows; given dense, they are checked and taken as
one-hot when they are, and contracted as they are otherwise (:func:`take`,
:func:`add_into`, :func:`outcomes`, :func:`outcomes_by_partner`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "FEW_EFFECTS",
    "SMALL_PRODUCT",
    "Array",
    "Map",
    "OneHot",
    "add_into",
    "outcomes",
    "outcomes_by_partner",
    "take",
]

Array = np.ndarray[Any, Any]

#: Elements of an effect × partner × year product small enough to hold whatever the
#: outcomes (below it, adding effects into outcomes beats a product a partner).
SMALL_PRODUCT = 2**20

#: Effects an outcome may have on average for the effect × partner × year product to be
#: held (it is then at most this many times the partner × year × outcome result).
FEW_EFFECTS = 4


class OneHot:
    """A one-hot map from rows (effects, cost lines) to columns (interventions, outcomes,
    partners): row ``k`` counts under column ``index[k]``.

    Examples
    --------
    >>> m = OneHot(np.array([1, 0, 1]), 2)
    >>> m.dense().tolist()
    [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
    >>> m.add_into(np.array([1.0, 2.0, 4.0]), axis=-1).tolist()
    [2.0, 5.0]
    """

    __slots__ = ("_groups", "index", "width")

    def __init__(self, index: Array, width: int) -> None:
        self.index = np.asarray(index, dtype=np.intp)
        self.width = int(width)
        self._groups: tuple[Any, ...] | None = None

    @classmethod
    def of(cls, array: Any) -> OneHot | Array:
        """``array`` as a :class:`OneHot` when it is one (0 and 1, one 1 a row, the same
        for every leading index), else as it is."""
        if isinstance(array, OneHot):
            return array
        array = np.asarray(array)
        if array.ndim > 2 and all(n == 1 for n in array.shape[:-2]):
            array = array.reshape(array.shape[-2:])
        if array.ndim != 2:
            return np.asarray(array)
        ones = array == 1
        if not ((ones | (array == 0)).all() and (ones.sum(axis=1) == 1).all()):
            return np.asarray(array)
        return cls(ones.argmax(axis=1) if array.shape[0] else np.zeros(0, np.intp), array.shape[1])

    @property
    def rows(self) -> int:
        """The number of rows."""
        return len(self.index)

    def dense(self) -> Array:
        """The map as a rows × columns array of 0 and 1."""
        out = np.zeros((self.rows, self.width))
        out[np.arange(self.rows), self.index] = 1.0
        return out

    def take(self, values: Array, axis: int) -> Array:
        """Each row's value of its column: ``values`` indexed along ``axis`` (the
        columns) by :attr:`index`."""
        return np.take(values, self.index, axis=axis)

    def _grouping(self) -> tuple[Any, ...]:
        """(order, starts, columns of the starts, in order, one row a column in order)."""
        if self._groups is None:
            order = np.argsort(self.index, kind="stable")
            ranked = self.index[order]
            starts = (
                np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
                if self.rows
                else np.zeros(0, np.intp)
            )
            in_order = bool((order == np.arange(self.rows)).all())
            one_each = in_order and len(starts) == self.rows == self.width
            self._groups = (order, starts, ranked[starts], in_order, one_each)
        return self._groups

    def add_into(self, values: Array, axis: int) -> Array:
        """The sum of the rows of each column: ``values`` added along ``axis`` (the rows)
        into :attr:`width` columns, each column's rows in their order (0 for a column
        with none)."""
        axis = axis % values.ndim
        if self.width == 1:
            return np.asarray(values.sum(axis=axis, keepdims=True))
        order, starts, columns, in_order, one_each = self._grouping()
        if one_each:
            return values
        if not len(starts):
            shape = list(values.shape)
            shape[axis] = self.width
            return np.zeros(shape)
        sums = np.add.reduceat(
            values if in_order else np.take(values, order, axis=axis), starts, axis=axis
        )
        if len(starts) == self.width:
            return sums
        shape = list(values.shape)
        shape[axis] = self.width
        out = np.zeros(shape)
        where: list[Any] = [slice(None)] * values.ndim
        where[axis] = columns
        out[tuple(where)] = sums
        return out


Map = OneHot | Array


def take(mapping: Map, values: Array, axis: int) -> Array:
    """Rows' values from their columns' (``values`` along ``axis``, the columns)."""
    if isinstance(mapping, OneHot):
        return mapping.take(values, axis)
    moved = np.moveaxis(values, axis, -1)[..., None]  # (…, other, columns, 1)
    lead = mapping.shape[:-2]
    dense = mapping.reshape((*lead, *([1] * (moved.ndim - 2 - len(lead))), *mapping.shape[-2:]))
    return np.moveaxis((dense @ moved)[..., 0], -1, axis)


def add_into(mapping: Map, values: Array, axis: int) -> Array:
    """Rows' ``values`` (along ``axis``) added into their columns."""
    if isinstance(mapping, OneHot):
        return mapping.add_into(values, axis)
    moved = np.moveaxis(values, axis, -1)[..., None, :]  # (…, other, 1, rows)
    lead = mapping.shape[:-2]
    dense = mapping.reshape((*lead, *([1] * (moved.ndim - 2 - len(lead))), *mapping.shape[-2:]))
    return np.moveaxis((moved @ dense)[..., 0, :], -1, axis)


def outcomes(mapping: Map, per_effect: Array) -> Array:
    """``(…, effect, year)`` figures added into their outcomes: ``(…, year, outcome)``."""
    return np.swapaxes(add_into(mapping, per_effect, axis=-2), -1, -2)


def outcomes_by_partner(mapping: Map, volume: Array, value: Array) -> Array:
    """``Σ_effect volume (…, effect, year) · value (…, effect, partner)`` into each
    effect's outcome: ``(…, partner, year, outcome)``.

    A one-hot map with no more effects than a few per outcome (or a small product) adds
    each effect's figures into its outcome, holding the effect × partner × year product
    (no bigger than a few times the result); otherwise each partner's figures are one
    matrix product with the map, holding an effect × year array at a time."""
    if isinstance(mapping, OneHot) and mapping.width == 1:
        return (np.swapaxes(value, -1, -2) @ volume)[..., None]  # a sum over effects
    lead = np.broadcast_shapes(value.shape[:-2], volume.shape[:-2])
    product = int(np.prod(lead)) * value.shape[-2] * value.shape[-1] * volume.shape[-1]
    if isinstance(mapping, OneHot) and (
        mapping.rows <= FEW_EFFECTS * mapping.width or product <= SMALL_PRODUCT
    ):
        # laid out (…, partner, year, effect): the effects the innermost, longest axis
        per_effect = (
            np.swapaxes(value, -1, -2)[..., :, None, :]
            * np.swapaxes(volume, -1, -2)[..., None, :, :]
        )
        return mapping.add_into(per_effect, axis=-1)
    dense = mapping.dense() if isinstance(mapping, OneHot) else np.asarray(mapping)
    partners = value.shape[-1]
    out = np.empty(
        (*np.broadcast_shapes(lead, dense.shape[:-2]), partners, volume.shape[-1], dense.shape[-1])
    )
    moved = np.swapaxes(volume, -1, -2)  # (…, year, effect)
    for p in range(partners):
        out[..., p, :, :] = (moved * value[..., None, :, p]) @ dense
    return out
