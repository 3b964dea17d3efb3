"""The figures ``benchmarks/load_benchmark.py`` reports, from its measured samples (no load run)."""

from benchmarks.load_benchmark import percentile, problems, summarise, table


def test_percentiles_are_nearest_rank():
    values = [float(ms) for ms in range(100, 0, -1)]  # 1..100, unsorted
    assert (percentile(values, 50), percentile(values, 95)) == (50.0, 95.0)
    assert percentile([7.0, 3.0], 95) == 7.0


def test_no_samples_have_no_percentile():
    assert percentile([], 50) is None


def test_throttled_answers_are_counted_apart_from_errors():
    samples = [(200, 10.0), (201, 12.0), (429, 1.0), (500, 30.0), (404, 2.0), (0, 5.0)]
    figures = summarise(samples, seconds=2)
    assert (figures["requests"], figures["errors"], figures["throttled"]) == (6, 3, 1)
    assert figures["statuses"] == {"200": 1, "201": 1, "429": 1, "500": 1, "404": 1, "0": 1}
    assert figures["rps"] == 3.0


def test_a_run_without_answers_shows_dashes():
    row = {"scenario": "checkout", "variant": "ours", "route": "POST /api/checkout/"}
    rendered = table([{**row, **summarise([], seconds=10)}]).splitlines()[-1]
    assert [cell.strip() for cell in rendered.strip("|").split("|")][-4:] == ["0", "-", "-", "0.0"]


def test_every_non_2xx_answer_is_listed_with_its_sample_body():
    result = {
        "scenario": "basket add",
        "variant": "plain",
        "measured_statuses": {"200": 5, "500": 2},
        "setup_statuses": {"200": 3},
        "samples": {"measured": ["500: Server Error"]},
    }
    assert problems([result]) == [
        "basket add / plain: measured answers {'500': 2}",
        "    500: Server Error",
    ]
