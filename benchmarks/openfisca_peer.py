"""The peer for the rules engine: OpenFisca's country template (issue "Benefit rules engine").

Run with a Python that has ``openfisca-country-template==8.2.0`` installed (benchmarks/run.py makes a separate
venv for it, so the app's venv never carries numpy/OpenFisca). Prints JSON:
``{"year_s": …, "households100_s": …}`` — one household's year (12 months of salary → disposable income,
taxes and benefits per month) and 100 households vectorised, medians of several runs.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_country_template import CountryTaxBenefitSystem

SYSTEM = CountryTaxBenefitSystem()
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def situation(n: int) -> dict:
    persons = {}
    households = {}
    for i in range(n):
        salary = {month: 1000 + 37 * i + 100 * k for k, month in enumerate(MONTHS)}
        persons[f"p{i}"] = {"birth": {"ETERNITY": "1979-05-02"}, "salary": salary}
        households[f"h{i}"] = {"adults": [f"p{i}"], "rent": {m: 690 for m in MONTHS}}
    return {"persons": persons, "households": households}


def run(n: int) -> float:
    t0 = time.perf_counter()
    sim = SimulationBuilder().build_from_entities(SYSTEM, situation(n))
    for month in MONTHS:
        sim.calculate("disposable_income", month)
        sim.calculate("total_taxes", month)
        sim.calculate("total_benefits", month)
    return time.perf_counter() - t0


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    run(1)
    run(100)
    year = statistics.median(run(1) for _ in range(runs))
    hundred = statistics.median(run(100) for _ in range(runs))
    print(json.dumps({"year_s": year, "households100_s": hundred}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
