"""Benchmarks for `make bench`.

``bench.run`` starts one production-shaped stack (PostgreSQL, Redis, gunicorn with DEBUG off),
then runs every ``bench/bench_<name>.py`` module's ``run(ctx)`` against it and writes
``bench/results.json``. ``make bench BENCH=create`` runs only ``bench_create``; ``make bench-check``
runs every module at tiny sizes with its results checked (``BENCH_TINY=1``). Figures from
different runs are not comparable on a shared machine: each module measures its baseline and
its subject side by side in the same run.
"""
