"""The side-by-side benchmark harness behind `benchmarks/compare.py` (scripts that print numbers, never tests).

- `routes`: the measured requests, built (and signed, with a fresh timestamp) from what a running mock reports.
- `servers`: start a server process pinned to a core, wait for its first answer, read its memory, stop it.
- `floor_app`: a bare Starlette + orjson app that answers each route with the bytes the mock answered, doing no work.
- `load`: drive one route with wrk (a generated Lua script) or, without wrk, a small httpx load generator.
- `timings`: cold start, `POST /_mock/reset`, the pytest plugin's per-test overhead.
- `report`: the table and the JSON document.
"""
