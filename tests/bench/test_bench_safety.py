"""The secret-guard benchmark's own code path at a tiny size (no stack). The figures come from
`.venv/bin/python -m bench.bench_safety` or `BENCH=safety make bench`."""

from bench import bench_safety, run


def test_messages_are_deterministic_two_thousand_characters_with_known_secrets():
    first = bench_safety.build_messages(60, seed=7)
    assert first == bench_safety.build_messages(60, seed=7)
    assert all(len(text) == bench_safety.MESSAGE_CHARS for text, _ in first)
    assert {kinds for _, kinds in first} >= {()}
    assert any(kinds for _, kinds in first)


def test_a_small_run_checks_every_result_and_reports_the_figures(monkeypatch):
    monkeypatch.setenv("BENCH_SAFETY_MESSAGES", "40")
    monkeypatch.setenv("BENCH_SAFETY_ROUNDS", "1")
    monkeypatch.setattr(bench_safety, "GOAL_P95_MS", 1000.0)  # the figure is not the point here
    result = bench_safety.run(None)
    row = result["scenarios"]["guard_scan"]
    assert result["failures"] == [] and result["notes"] == [] and result["ok"]
    for key in ("p50_ms", "p95_ms", "p99_ms", "cpu_p95_ms", "mb_per_s", "rps"):
        assert row[key] > 0
    assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"] <= row["max_ms"]
    rendered = run.render(
        {
            "load": {"tool": "-", "threads": 1, "connections": 1, "duration_s": 1, "warmup_s": 0},
            "server": {"gunicorn": "not started", "postgresql_durable": True},
            "machine": {},
            "benchmarks": {"safety": result},
            "ok": True,
        }
    )
    assert row["label"] in rendered


def test_a_missed_goal_is_not_ok_and_says_why(monkeypatch):
    monkeypatch.setenv("BENCH_SAFETY_MESSAGES", "10")
    monkeypatch.setenv("BENCH_SAFETY_ROUNDS", "1")
    monkeypatch.setattr(bench_safety, "GOAL_P95_MS", 0.0)
    result = bench_safety.run(None)
    assert result["failures"] == [] and not result["ok"]
    assert "over the goal" in result["notes"][0]


def test_the_module_declares_what_bench_run_needs():
    assert bench_safety.NEEDS_GUNICORN is False
    assert bench_safety.TIME_LIMIT > 0
    assert [name for name, _ in bench_safety.SCENARIOS] == ["guard_scan"]
