"""Write fixtures/names.json: pools of Indonesian names and cities drawn by Faker (id_ID), for the seeded sellers and
shops: `python tools/faker_names.py [OUT]`.

The mock draws its sellers' and shops' names from these pools with the seeded RNG, so serving needs no Faker at
run time (importing Faker and building its id_ID proxy cost ~0.1 s of every start; issue 18). Regenerating draws
new pools (Faker's data moves between versions): the seeded names change, nothing else does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from faker import Faker

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "names.json"
POOL = 200


def pools(seed: int = 0) -> dict[str, object]:
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    return {
        "_comment": "Drawn by Faker (id_ID) with tools/faker_names.py: the seeded sellers' and shops' names come "
        "from these pools and the seed. See README: the seeded data.",
        "people": sorted({fake.name() for _ in range(POOL)}),
        "first_names": sorted({fake.first_name() for _ in range(POOL)}),
        "cities": sorted({fake.city() for _ in range(POOL)}),
    }


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else OUT
    out.write_text(json.dumps(pools(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
