"""The figures ``benchmarks/load_benchmark.py`` reports, from its measured samples (no load run)."""

import pytest

from benchmarks.load_benchmark import (
    parse_arguments,
    percentile,
    problems,
    summarise,
    table,
    think_time_label,
)


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


def test_no_think_time_is_the_default():
    args = parse_arguments(["--scenarios", "tracking"])
    assert args.think_time == [0.0, 0.0]
    assert think_time_label(args.think_time) == "none"


def test_think_time_takes_two_bounds_in_seconds():
    args = parse_arguments(["--think-time", "0.5", "1.5"])
    assert args.think_time == [0.5, 1.5]
    assert think_time_label(args.think_time) == "0.5-1.5 s"
    assert think_time_label([2.0, 2.0]) == "2 s"


@pytest.mark.parametrize("bounds", [["1.5", "0.5"], ["-1", "1"], ["nan", "1"], ["0.5"]])
def test_think_time_refuses_bounds_out_of_order_or_negative(bounds, capsys):
    with pytest.raises(SystemExit):
        parse_arguments(["--think-time", *bounds])
    assert "--think-time" in capsys.readouterr().err


def test_the_table_shows_each_row_s_think_time():
    row = {"scenario": "tracking", "variant": "ours", "route": "POST /api/orders/track/"}
    rows = [
        {**row, **summarise([(200, 4.0)], seconds=1), "think_time": [0.5, 1.5]},
        {**row, **summarise([(200, 4.0)], seconds=1), "think_time": [0.0, 0.0]},
    ]
    rendered = table(rows).splitlines()
    header = [cell.strip() for cell in rendered[0].strip("|").split("|")]
    column = header.index("think time")
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in rendered[2:]]
    assert [line[column] for line in cells] == ["0.5-1.5 s", "none"]


def test_the_run_databases_take_the_given_prefix():
    assert parse_arguments([]).database_prefix == "contex_load_"
    assert parse_arguments(["--database-prefix", "wtT_load_"]).database_prefix == "wtT_load_"
