"""Many places on dask: 152 places × 1,000 draws, time and peak memory."""

from __future__ import annotations

import numpy as np
import pandas as pd

import placebudget as pb
from placebudget.examples import example_path


def _places(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"intake_scale": rng.uniform(0.3, 3, n),
                         "value_scale": rng.uniform(0.9, 1.2, n),
                         "cost_scale": rng.uniform(0.9, 1.3, n)},
                        index=pd.Index([f"p{i:03d}" for i in range(n)], name="place"))


class Aggregate:
    """The West Cheshire example across 152 upper-tier-authority-sized places."""

    timeout = 900
    number = 1
    repeat = 1

    def setup(self) -> None:
        self.case = pb.load_case(example_path("west_cheshire"))
        self.places = _places(152)

    def time_152_places_1000_draws_dask(self) -> None:
        pb.aggregate(self.case, self.places, draws=1000, seed=1, chunks=8,
                     progress=False).by_department()

    def peakmem_152_places_1000_draws_dask(self) -> None:
        pb.aggregate(self.case, self.places, draws=1000, seed=1, chunks=8,
                     progress=False).by_department()

    def time_152_places_deterministic_numpy(self) -> None:
        pb.aggregate(self.case, self.places).by_department()
