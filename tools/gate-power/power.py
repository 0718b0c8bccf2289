"""Tables for tools/gate-power/run.sh, from the runs' results.json (the gate's own numbers).

    power.py honest RUN_DIR...      false alarms and the distribution of standardised differences
    power.py inject INJECTION_DIR... per injection: the 9-seed shift, the predicted chance that a 3-seed
                                     run fails somewhere, and what the 3-seed runs did
"""
import json
import math
import os
import statistics
import sys


def phi(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def load(d):
    with open(os.path.join(d, "results.json")) as f:
        fixtures = json.load(f)
    with open(os.path.join(d, "run.json")) as f:
        run = json.load(f)
    return fixtures, run


def honest(dirs):
    zs, alarms, rows = [], 0, []
    for d in dirs:
        fixtures, run = load(d)
        failed = [f["benchmark"] for f in fixtures if f["status"] == "fail"]
        suite = run["suiteCheck"]["status"]
        alarms += 1 if failed or suite == "fail" else 0
        z = [f["check"]["z"] for f in fixtures if f["check"].get("z") is not None]
        zs += z
        name = os.path.basename(os.path.dirname(os.path.abspath(d)))
        rows.append((name, len(failed), suite, max(abs(x) for x in z), run["suiteCheck"]["shift"]))
    print("| run | fixtures failed | suite-level | max abs z | shift S |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.2f} | {r[4]:.2f} |")
    print(f"\n{len(dirs)} honest runs, {alarms} false alarms (runs failing anywhere); "
          f"{len(zs)} standardised differences: mean {statistics.mean(zs):+.3f}, sd {statistics.stdev(zs):.3f}, "
          f"max |z| {max(abs(z) for z in zs):.2f} (critical {fixtures[0]['check']['critical']:.2f})")


def inject(dirs):
    print("| injection | largest 9-seed shift (z at 3 seeds) | predicted P(3-seed run fails) | predicted fixtures failing "
          "| 3-seed runs failed | fixtures failing per run | suite-level |\n|---|---|---|---|---|---|---|")
    for d in dirs:
        nine, _ = load(os.path.join(d, "nine", "latest"))
        runs = [load(os.path.join(d, f"run-{o}", "latest")) for o in (0, 3, 6)]
        sigma3 = {f["benchmark"]: f["check"] for f in runs[0][0]}
        p_none, expected, worst = 1.0, 0.0, (0, "")
        for f in nine:
            c = sigma3[f["benchmark"]]
            if f["expected"] is None or c["sigma"] is None:
                continue
            shift = f["primaryMetric"]["score"] - f["expected"]
            excess = max(0.0, abs(shift) - c["allowance"]) / c["sigma"]
            p = phi(excess - c["critical"]) + phi(-excess - c["critical"])
            p_none *= 1 - p
            expected += p
            if excess > worst[0]:
                worst = (excess, f"{f['benchmark'].split('.', 1)[1]} {shift:+.2f} pp")
        failed = [sum(1 for f in r[0] if f["status"] == "fail") for r in runs]
        suite = [r[1]["suiteCheck"]["status"] for r in runs]
        print(f"| {os.path.basename(d)} | {worst[1]} (z {worst[0]:.1f}) | {1 - p_none:.2f} | {expected:.1f} | "
              f"{sum(1 for n, s in zip(failed, suite) if n or s == 'fail')} of 3 | {failed} | {suite} |")


if __name__ == "__main__":
    {"honest": honest, "inject": inject}[sys.argv[1]](sys.argv[2:])
