"""The safety benchmark's own code path at a tiny size (no stack): the guard's messages and checks,
the look-alike verdicts beside them, and the report. The figures come from `make bench BENCH=safety`."""

import json

import pytest

from bench import bench_safety, run, safety_verdicts


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setenv("BENCH_SAFETY_MESSAGES", "40")
    monkeypatch.setenv("BENCH_SAFETY_ROUNDS", "1")
    monkeypatch.setenv("BENCH_VERIFY_ROUNDS", "1")


def test_messages_are_deterministic_two_thousand_characters_with_known_secrets():
    first = bench_safety.build_messages(60, seed=7)
    assert first == bench_safety.build_messages(60, seed=7)
    assert all(len(text) == bench_safety.MESSAGE_CHARS for text, _ in first)
    assert {kinds for _, kinds in first} >= {()}
    assert any(kinds for _, kinds in first)


def test_one_run_reports_the_guard_and_the_verdicts_with_every_result_checked(tiny, monkeypatch):
    monkeypatch.setattr(bench_safety, "GOAL_P95_MS", 1000.0)  # the figures are not the point here
    monkeypatch.setattr(safety_verdicts, "GOAL_P95_MS", 1000.0)
    result = bench_safety.run(None)
    assert result["failures"] == [] and result["ok"]
    guard = result["scenarios"]["guard_scan"]
    for key in ("p50_ms", "p95_ms", "p99_ms", "cpu_p95_ms", "mb_per_s", "rps"):
        assert guard[key] > 0
    assert guard["p50_ms"] <= guard["p95_ms"] <= guard["p99_ms"] <= guard["max_ms"]
    verdicts = {k: row for k, row in result["scenarios"].items() if k.startswith("verdict_")}
    assert set(verdicts) == {"verdict_official", "verdict_lookalike", "verdict_unknown", "verdict_all"}
    assert all(row["non_2xx"] == 0 for row in verdicts.values())
    groups = safety_verdicts.workload()
    assert verdicts["verdict_all"]["verdicts"] == sum(map(len, groups.values()))
    rendered = run.render(
        {
            "load": {"tool": "-", "threads": 1, "connections": 1, "duration_s": 1, "warmup_s": 0},
            "server": {"gunicorn": "not started", "postgresql_durable": True},
            "machine": {},
            "benchmarks": {"safety": result},
            "ok": True,
        }
    )
    assert guard["label"] in rendered and verdicts["verdict_all"]["label"] in rendered


def test_a_missed_goal_is_not_ok_and_says_why_but_a_tiny_run_judges_only_the_checks(tiny, monkeypatch):
    monkeypatch.setattr(bench_safety, "GOAL_P95_MS", 0.0)
    result = bench_safety.run(None)
    assert result["failures"] == [] and not result["ok"]
    assert "over the goal" in result["notes"][0]
    assert not run.module_ok(result, tiny=False)
    assert run.module_ok(result, tiny=True)


def test_a_wrong_verdict_fails_even_a_tiny_run(tiny, monkeypatch):
    groups = safety_verdicts.workload()
    groups["official"].append("supp0rtdesk.com")  # a look-alike filed as official
    monkeypatch.setattr(safety_verdicts, "workload", lambda: groups)
    result = bench_safety.run(None)
    assert result["failures"] and not run.module_ok(result, tiny=True)
    assert result["scenarios"]["verdict_official"]["non_2xx"] == 1


def test_the_module_declares_what_bench_run_needs():
    assert bench_safety.NEEDS_GUNICORN is False and bench_safety.NEEDS_DATABASE is False
    assert bench_safety.TIME_LIMIT > 0
    assert "verify" not in run.available()  # the verdicts are part of BENCH=safety
    assert set(bench_safety.TINY) >= {"BENCH_SAFETY_MESSAGES", "BENCH_VERIFY_ROUNDS"}


def test_bench_check_runs_the_safety_module_tiny_without_starting_a_stack(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run, "TINY_RESULTS", tmp_path / "results-tiny.json")
    monkeypatch.setattr(run.harness, "Stack", None)  # starting one would fail the test
    monkeypatch.setenv("BENCH_TINY", "1")
    for key in (*run.TINY, *bench_safety.TINY, *run.PEER_FLAGS):
        monkeypatch.delenv(key, raising=False)
    assert run.main(["bench.run", "safety"]) == 0
    out = capsys.readouterr().out
    assert "tiny" in out and "OK" in out
    written = json.loads((tmp_path / "results-tiny.json").read_text())
    assert written["tiny"] is True and written["ok"] is True
    assert written["benchmarks"]["safety"]["settings"]["messages"] == 100


def test_tiny_sizes_are_defaults_under_what_the_caller_set(monkeypatch):
    environ = {"BENCH_SAFETY_ROUNDS": "2"}
    from bench.peer import setup

    monkeypatch.setattr(setup, "unavailable", lambda: "not built")
    reason = run.apply_tiny([bench_safety], environ)
    assert environ["BENCH_SAFETY_ROUNDS"] == "2" and environ["BENCH_SAFETY_MESSAGES"] == "100"
    assert environ["BENCH_DURATION"] == "1"
    assert reason == "not built" and all(environ[flag] == "0" for flag in run.PEER_FLAGS)
