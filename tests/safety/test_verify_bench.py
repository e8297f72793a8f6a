"""The benchmark's workload gets the verdicts it expects, and its report has the shape bench.run prints."""

from bench import bench_verify, run


def test_bench_runs_once_and_every_verdict_is_the_expected_one():
    result = bench_verify.measure(rounds=1)
    assert not [f for f in result["failures"] if "got another verdict" in f]
    assert set(result["scenarios"]) == {"official", "lookalike", "unknown", "all"}
    assert result["scenarios"]["all"]["verdicts"] == sum(len(v) for v in bench_verify.workload().values())
    assert bench_verify.NEEDS_GUNICORN is False
    assert "verify" in run.available()


def test_report_table_prints_the_scenarios():
    result = bench_verify.measure(rounds=1)
    text = run.render(
        {
            "load": {"threads": 1, "connections": 1, "duration_s": 0, "warmup_s": 0, "tool": "-"},
            "server": {"gunicorn": "-", "postgresql_durable": True},
            "machine": {"cpus_usable": 2},
            "benchmarks": {"verify": result},
            "ok": result["ok"],
        }
    )
    assert "verdict(): the whole mix" in text
