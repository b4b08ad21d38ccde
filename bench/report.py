#!/usr/bin/env python3
"""Turns the benchmark results into a report, bench/results.json, bench/scale.png, the full
report in bench/README.md and the compact Performance section of README.md (each between
<!-- perf:start --> and <!-- perf:end -->; both come from the same rows, `table_rows`).

Run by bench/run.sh; reads what the benchmarks left in --results (default target/bench):
  startup.json              benches/startup.rs
  hyperfine-startup.json    hyperfine over `startup --once`
  criterion/**/new/*.json   benches/rpc.rs (criterion)
  stacks.json               benches/stacks.rs
Sizes come from --binary and --tarball.

    bench/report.py --render-only   # both READMEs again from bench/results.json, nothing run
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Published figures for pulumi-aws (the anchors).
AWS_START_S = 1.7
AWS_RSS_MB = (300, 430)
AWS_BINARY_MB = 637
AWS_DOWNLOAD_MB = 137

START = "<!-- perf:start -->"
END = "<!-- perf:end -->"


def load(p: Path):
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def mb_kib(kib: float) -> float:
    return kib * 1024 / 1e6


def fmt_ms(x: float) -> str:
    return f"{x:.1f} ms" if x >= 10 else f"{x:.2f} ms"


def fmt_us(ns: float) -> str:
    us = ns / 1e3
    if us >= 1000:
        return fmt_ms(us / 1e3)
    return f"{us:.1f} µs" if us < 100 else f"{us:.0f} µs"


def fmt_s(x: float) -> str:
    return f"{x:.1f} s" if x >= 10 else f"{x:.2f} s"


def ok(good: bool) -> str:
    return "✅" if good else "❌"


def percentile(xs: list[float], p: float) -> float:
    v = sorted(xs)
    return v[min(len(v) - 1, round(p * (len(v) - 1)))]


# ---------------------------------------------------------------------------------------


# Resources `benches/rpc.rs`'s rich AppAuth registers: the component and 8 children.
APP_AUTH_REGISTRATIONS = 9


def criterion_results(root: Path) -> dict[str, dict]:
    """full_id -> {median_ns, lo_ns, hi_ns, p10_ns, p90_ns, samples}."""
    out: dict[str, dict] = {}
    for bj in root.glob("**/new/benchmark.json"):
        b = load(bj)
        est = load(bj.parent / "estimates.json")
        smp = load(bj.parent / "sample.json")
        if not (b and est):
            continue
        med = est["median"]
        r = {
            "median_ns": med["point_estimate"],
            "ci95_ns": [med["confidence_interval"]["lower_bound"], med["confidence_interval"]["upper_bound"]],
        }
        if smp:
            per_iter = [t / n for t, n in zip(smp["times"], smp["iters"]) if n]
            r["p10_ns"] = percentile(per_iter, 0.10)
            r["p90_ns"] = percentile(per_iter, 0.90)
            r["samples"] = len(per_iter)
        out[b["full_id"]] = r
    return out


@dataclass
class Row:
    """One figure of the Performance table. The full table (bench/README.md) shows every row
    with `what`, `figure` + `more` and `against`; the compact one (README.md) shows the rows
    with a `short` label, with `figure` + `brief` and the anchor in `against` ("—" if none)."""

    what: str
    target: str
    figure: str
    more: str = ""
    against: str = ""
    short: str = ""
    brief: str = ""
    full: bool = True  # False: compact only (its figure is in the scale table)


def vs_start(ms: float) -> str:
    return f"~{AWS_START_S:g} s: **{AWS_START_S * 1e3 / ms:,.0f}× faster**"


def vs_rss(mb: float) -> str:
    lo, hi = AWS_RSS_MB
    return f"{lo}–{hi} MB: **{mb / hi * 100:.1f}–{mb / lo * 100:.1f}%** of it"


def vs_size(mb: float, aws_mb: float) -> str:
    return f"{aws_mb:g} MB: **{mb / aws_mb * 100:.1f}%** ({aws_mb / mb:.0f}× smaller)"


def quota_rate(a: dict) -> str:
    """A command's share of the quota-bound rate over its whole wall time, against the 90% target."""
    return f"{ok(a['quota_efficiency_wall'] >= 0.9)} {a['quota_efficiency_wall'] * 100:.1f}%"


def largest(pul: dict) -> list[dict]:
    """The generated stacks of the largest size (one per way of saving the CLI's state)."""
    scale = pul.get("scale") or []
    n = max((s["resources"] for s in scale), default=0)
    return [s for s in scale if s["resources"] == n]


def table_rows(r: dict) -> list[Row]:
    """Every row of the Performance table, from the combined results."""
    rows: list[Row] = []
    add = rows.append

    st = r.get("startup")
    if st:
        p, g = st["port_line_ms"], st["get_schema_ms"]
        add(Row(
            what=f"Start-up: process start until the port line is printed ({st['runs']} runs)",
            short="Start-up (until the port line)",
            target="< 5 ms",
            figure=f"{ok(p['median'] < 5)} **{fmt_ms(p['median'])}**",
            more=f" [{fmt_ms(p['p10'])}–{fmt_ms(p['p90'])}]",
            against=vs_start(p["median"]),
        ))
        add(Row(
            what="Start-up plus the first GetSchema answered (connect included)",
            short="Start-up + first GetSchema",
            target="< 10 ms",
            figure=f"{ok(g['median'] < 10)} **{fmt_ms(g['median'])}**",
            more=f" [{fmt_ms(g['p10'])}–{fmt_ms(g['p90'])}]",
            against=vs_start(g["median"]),
        ))
    hf = r.get("hyperfine_startup")
    if hf:
        add(Row(
            what=f"Cross-check with hyperfine: a probe process that starts the provider, waits for the "
            f"port, gets the schema and kills it ({hf['runs']} runs; includes the probe's own start)",
            target="—",
            figure=fmt_ms(hf["median_ms"]),
            more=f" [{fmt_ms(hf['p10_ms'])}–{fmt_ms(hf['p90_ms'])}], σ {fmt_ms(hf['stddev_ms'])}",
        ))

    stacks = r.get("stacks") or {}
    pul = stacks.get("pulumi") or {}
    def split(d: dict) -> str:
        """RssAnon and RssFile at the peak, when the run recorded them."""
        if not d.get("rss_file_kib"):
            return ""
        return (f" ({mb_kib(d['rss_anon_kib']):.1f} MB heap and stacks, "
                f"{mb_kib(d['rss_file_kib']):.1f} MB pages of the binary and libc)")

    seed = pul.get("seed")
    if seed:
        prov = seed["up"]["provider"]
        rss = mb_kib(prov["peak_rss_kib"])
        peak = max(prov.get("each") or [{}], key=lambda e: e.get("peak_rss_kib", 0))
        add(Row(
            what="Peak RSS of the provider during the seed stack's `pulumi up` (`examples/yaml`, with preview)",
            short="Peak RSS, seed stack's `pulumi up`",
            target="< 20 MB",
            figure=f"{ok(rss < 20)} **{rss:.1f} MB**",
            more=split(peak),
            against=vs_rss(rss),
        ))

    def time_v(pv: dict) -> str:
        tm = pv.get("time_max_rss_kib")
        return f" (`/usr/bin/time -v`: {mb_kib(tm):.1f} MB)" if tm else ""

    life = stacks.get("lifecycle")
    if life:
        pv = life["provider"]
        rss = mb_kib(pv["vm_hwm_kib"])
        add(Row(
            what=f"Peak RSS of the provider, gRPC lifecycle: create, read, update, delete of a rich pool, "
            f"client and identity pool ({life['aws']['calls']} AWS calls)",
            target="< 20 MB",
            figure=f"{ok(rss < 20)} **{rss:.1f} MB**",
            more=split(pv) + time_v(pv),
            against=vs_rss(rss),
        ))
    big = ([s for s in pul.get("scale", []) if s["resources"] >= 500] or [None])[-1]
    if big:
        rss = mb_kib(big["phases"]["up"]["provider"]["peak_rss_kib"])
        peak_all = max(mb_kib(ph["provider"]["peak_rss_kib"]) for ph in big["phases"].values())
        add(Row(
            what=f"Peak RSS of the provider during a {big['resources']}-resource stack (`pulumi up`; "
            f"up, second up and destroy: {peak_all:.1f} MB at most)",
            short=f"Peak RSS, {big['resources']}-resource `pulumi up`",
            target="< 40 MB",
            figure=f"{ok(peak_all < 40)} **{rss:.1f} MB**",
            against=vs_rss(rss),
        ))
    g5 = stacks.get("grpc500")
    if g5:
        pv = g5["provider"]
        rss = mb_kib(pv["vm_hwm_kib"])
        add(Row(
            what=f"Peak RSS of the provider creating and deleting {g5['resources']} resources over gRPC "
            f"({g5['pools']} pools × {g5['clients_per_pool']} clients, all in flight at once)",
            target="< 40 MB",
            figure=f"{ok(rss < 40)} **{rss:.1f} MB**",
            more=time_v(pv),
            against=vs_rss(rss),
        ))

    sz = r.get("sizes") or {}
    if sz.get("binary_bytes"):
        b = sz["binary_bytes"] / 1e6
        add(Row(
            what="Release binary, stripped (linux-x86_64)",
            short="Release binary (stripped)",
            target="< 15 MB",
            figure=f"{ok(b < 15)} **{b:.1f} MB**",
            against=vs_size(b, AWS_BINARY_MB),
        ))
    if sz.get("tarball_bytes"):
        t = sz["tarball_bytes"] / 1e6
        add(Row(
            what="Plugin tarball (gzip, what `pulumi plugin install` downloads)",
            short="Plugin tarball (the download)",
            target="< 15 MB",
            figure=f"{ok(t < 15)} **{t:.1f} MB**",
            against=vs_size(t, AWS_DOWNLOAD_MB),
        ))

    cr = r.get("criterion") or {}
    for rpc, label in (
        ("check", "Check"),
        ("recheck", "Check as in every `up` after the first (olds = the last Check's inputs)"),
        ("diff", "Diff"),
        ("nochange-diff", "Diff of a no-change `up` as `pulumi` v3.66 sends it (no old inputs)"),
        ("preview-create", "Create, preview"),
        (
            "cold-recheck",
            "Check as in every `up` after the first, caches evicted before each request (as "
            "between two requests of a real `up`)",
        ),
        (
            "cold-nochange-diff",
            "Diff of a no-change `up`, caches evicted before each request",
        ),
    ):
        for ty in ("UserPool", "UserPoolClient"):
            c = cr.get(f"server/{rpc}/{ty}")
            if not c:
                continue
            core = cr.get(f"core/{rpc}/{ty}")
            core_txt = f"; codec + `DynResource` alone {fmt_us(core['median_ns'])}" if core else ""
            targeted = rpc in ("check", "recheck", "diff", "nochange-diff")
            good = ok(c["median_ns"] < 50e3) + " " if targeted else ""
            add(Row(
                what=f"{label}, rich {ty}: request bytes to response bytes in process (criterion){core_txt}",
                short=f"{label}, rich {ty} (in process)" if rpc in ("check", "diff") and ty == "UserPool" else "",
                target="< 50 µs" if targeted else "—",
                figure=f"{good}**{fmt_us(c['median_ns'])}**",
                more=f" [{fmt_us(c['p10_ns'])}–{fmt_us(c['p90_ns'])}]" if "p10_ns" in c else "",
            ))
    g = cr.get("grpc/check/UserPool")
    if g:
        add(Row(
            what="For scale: a whole Check round trip through tonic over loopback (rich UserPool)",
            target="—",
            figure=fmt_us(g["median_ns"]),
            more=f" [{fmt_us(g.get('p10_ns', 0))}–{fmt_us(g.get('p90_ns', 0))}]",
        ))

    comp = cr.get("component/construct-preview/AppAuth")
    if comp:
        # The component registers itself and 8 children with the engine's resource monitor:
        # per registration, the provider pays what a program's SDK pays for a plain resource
        # (one RegisterResource round trip) plus its own encoding. The target: no more than a
        # plain resource's Check round trip (`grpc/check/UserPool`) plus the 50 µs per-RPC
        # budget of the rows above.
        per = comp["median_ns"] / APP_AUTH_REGISTRATIONS
        bound = (g["median_ns"] + 50e3) if g else None
        add(Row(
            what=f"Construct of a rich `AppAuth` in a preview (criterion): the component and its "
            f"{APP_AUTH_REGISTRATIONS - 1} children registered with an in-process resource monitor over "
            f"loopback gRPC, per registration ({fmt_us(comp['median_ns'])} in all)",
            short="Component preview, per registered resource",
            target=f"< {fmt_us(bound)} (a Check round trip + 50 µs)" if bound else "—",
            figure=(f"{ok(per < bound)} " if bound else "") + f"**{fmt_us(per)}**",
            more=(f" [{fmt_us(comp['p10_ns'] / APP_AUTH_REGISTRATIONS)}–"
                  f"{fmt_us(comp['p90_ns'] / APP_AUTH_REGISTRATIONS)}]") if "p10_ns" in comp else "",
        ))

    ov = r.get("overhead") or []
    ups = [o for o in ov if o.get("own_share") is not None]
    # Two rows: `up`s that do work (the seed stack and each first `up`), and no-change `up`s,
    # where the provider only answers Check and Diff and nothing waits on AWS.
    for rows_of, what, short in (
        (
            [o for o in ups if not o.get("no_change")],
            "an `up` that creates the stack (the seed stack's, and the first `up` of each generated "
            "stack with both ways of saving the CLI's state)",
            "Provider overhead in an `up` that creates the stack",
        ),
        (
            [o for o in ups if o.get("no_change")],
            "a no-change `up` (each generated stack's `up`s after the first, run several times "
            "in a row, the median run of each: Check and Diff only, nothing waits on AWS)",
            "Provider overhead in a no-change `up`",
        ),
    ):
        if not rows_of:
            continue
        worst = max(rows_of, key=lambda o: o["own_share"])
        parts = "; ".join(
            f"{o['label']}: {o['own_s']:.3f} s of {fmt_s(o['wall_s'])} = {o['own_share'] * 100:.2f}%"
            + runs_spread(o)
            + on_core(o)
            for o in rows_of
        )
        cpu = [o for o in rows_of if o.get("cpu_share") is not None]
        cpu_worst = max(cpu, key=lambda o: o["cpu_share"]) if cpu else None
        cpu_txt = (
            f" Upper bound from the provider processes' total CPU time (start-up, AWS SDK, signing, "
            f"HTTP and gRPC included; sampled at 10 ms resolution): {cpu_worst['cpu_share'] * 100:.2f}% "
            f"at most ({cpu_worst['label']})."
            if cpu_worst
            else ""
        )
        top = sorted((worst.get("own_by_method") or {}).items(), key=lambda kv: -kv[1])[:3]
        top_txt = (
            " There, by method: " + ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in top) + "."
            if top
            else ""
        )
        if worst.get("busy_s") is not None:
            top_txt += (
                f" Its requests were in for {worst['rpc_wall_s']:.3f} s in all and the provider was busy "
                f"for {worst['busy_s']:.3f} s"
                + (" (they never overlapped)." if worst["busy_s"] >= worst["rpc_wall_s"] * 0.999 else ".")
            )
        if cpu_known(worst):
            waited = worst["on_cpu_own_s"] - worst["on_cpu_s"]
            top_txt += (
                f" Of its own time, {worst['on_cpu_s']:.3f} s ({worst['on_cpu_s'] / worst['wall_s'] * 100:.2f}% "
                f"of the wall time) was on a core (the CPU time of the thread that answered, `cpu_ns`) and "
                f"{waited:.3f} s the requests were ready to run while both cores ran other threads "
                f"(the `pulumi` CLI's, or anything else on the machine)."
            )
        where = f"{worst['label']}: {worst['own_s']:.3f} s of {fmt_s(worst['wall_s'])}"
        n_runs = len(worst.get("shares") or [])
        add(Row(
            what=f"Provider overhead in a real `pulumi up`, {what}: the provider's own time (Σ over its "
            f"gRPC requests of request in to response out, less the time waiting on AWS; see *Own "
            f"time* below) against the command's wall time",
            short=short + (f" (median of {n_runs} runs)" if n_runs > 1 else ""),
            target="< 2%",
            figure=f"{ok(worst['own_share'] < 0.02)} **{worst['own_share'] * 100:.2f}%** at most",
            more=f" ({where}{runs_spread(worst)}).{top_txt} Per run: {parts}.{cpu_txt}",
            brief=f" ({where})",
        ))
    if not ups and ov:
        worst = max(o["cpu_share"] for o in ov)
        parts = "; ".join(
            f"{o['label']}: {o['cpu_s']:.2f} s of {fmt_s(o['wall_s'])} = {o['cpu_share'] * 100:.2f}%"
            for o in ov
        )
        add(Row(
            what="Provider overhead in a real `pulumi up`: the provider processes' total CPU time (an upper "
            "bound of the provider's own time: start-up, AWS SDK, signing, HTTP and gRPC included; "
            "sampled at 10 ms resolution) against wall time",
            short="Provider overhead in a `pulumi up` (CPU time, an upper bound)",
            target="< 2%",
            figure=f"{ok(worst < 0.02)} **{worst * 100:.2f}%** at most",
            more=f" ({parts})",
        ))

    # The largest stack's `up` against the quota bound: in the scale table of the full report,
    # a row of its own in the compact one.
    top_size = largest(pul)
    if top_size:
        s0 = top_size[0]
        add(Row(
            what="",
            short=f"{s0['resources']}-resource `pulumi up`: share of the quota-bound rate",
            target=f"≥ 90% (bound {fmt_s(s0['phases']['up']['aws']['quota_bound_s'])})",
            figure="; ".join(
                f"{quota_rate(s['phases']['up']['aws'])} ({fmt_s(s['phases']['up']['wall_s'])}), "
                + MODE_TERSE.get(mode_of(s), mode_of(s))
                for s in top_size
            ),
            full=False,
        ))
    return rows


def link(path: str, base: Path) -> str:
    """A repository path (as results.json holds them) relative to the document in `base`."""
    return Path(os.path.relpath(REPO / path, base)).as_posix()


def machine(r: dict) -> tuple[str, str]:
    m = r.get("machine", {})
    cores = m.get("cores", "?")
    return cores, f"{cores} cores"


def compact_section(r: dict, base: Path) -> str:
    """README.md's Performance section: the rows a user cares about, each figure by its anchors."""
    m = r.get("machine", {})
    _, mach = machine(r)
    lines = [
        "## Performance",
        "",
        f"Measured by `bench/run.sh` on {r['date']}, {mach} ({m.get('cpu', 'unknown CPU')}), release "
        "build, against moto behind AWS's Cognito request-rate quotas; medians, MB = 10⁶ bytes. "
        f"Method, spreads and every figure: [`bench/README.md`]({link('bench/README.md', base)}).",
        "",
        "| What | Target | Measured | Against pulumi-aws |",
        "|---|---|---|---|",
    ]
    for row in table_rows(r):
        if row.short:
            lines.append(f"| {row.short} | {row.target} | {row.figure}{row.brief} | {row.against or '—'} |")
    return "\n".join(lines)


def section(r: dict, base: Path = REPO, heading: str = "## Performance") -> str:
    """The full report (bench/README.md), from the combined results; links relative to `base`."""
    m = r.get("machine", {})
    cores, mach = machine(r)
    lines: list[str] = []
    add = lines.append
    add(heading)
    add("")
    add(
        f"Measured by `bench/run.sh` on {r['date']}: {mach} ({m.get('cpu', 'unknown CPU')}), "
        f"{r.get('os', 'Linux')}, release build, against moto on loopback behind the "
        "quota-enforcing proxy of `tests/support/faultproxy.rs` (AWS's Cognito request-rate "
        "quotas). Times are medians with the 10th–90th percentile in brackets; every absolute "
        f"time is for this {cores}-core machine (load average at the start: "
        f"{m.get('loadavg_at_start', '?')}), so the ratios travel better than the times. "
        "MB = 10⁶ bytes. The numbers are reported, not asserted: CI does not run this."
        + (
            f" The measurements ran under `{r['priority']}`, so that other work on the shared machine "
            "preempted them less."
            if r.get("priority")
            else ""
        )
    )
    add("")
    add(f"| What | Target | Measured ({mach}) | Against pulumi-aws |")
    add("|---|---|---|---|")
    for row in table_rows(r):
        if row.full:
            add(f"| {row.what} | {row.target} | {row.figure}{row.more} |" + (f" {row.against} |" if row.against else " |"))

    stacks = r.get("stacks") or {}
    pul = stacks.get("pulumi") or {}
    g5 = stacks.get("grpc500")
    cr = r.get("criterion") or {}
    g = cr.get("grpc/check/UserPool")
    nagle = g and g["median_ns"] > 10e6
    ups = [o for o in (r.get("overhead") or []) if o.get("own_share") is not None]
    add("")
    if nagle:
        add(
            "The ~44 ms gRPC round trip, and the GetSchema times around 47 ms, are Nagle's algorithm "
            "meeting delayed ACKs: the server does not set `TCP_NODELAY` on the connections it accepts, "
            "so a response written in more than one piece waits for the client's ACK. The provider's own "
            "work per request is the in-process figures above."
        )
        add("")

    if ups:
        add(
            "**Own time.** Each provider process runs with `PULUMI_COGNITO_RPC_STATS` naming a file "
            "(`src/stats.rs`): a wrapper around the tonic service times every gRPC request from the moment "
            "its message is in (its last body frame received; the time the engine takes to send the message "
            "after the headers is kept apart, as `recv_ns`) until hyper drops its response body after "
            "sending the last frame, and appends one JSON line per request. Inside the request a task-local gathers the time spent "
            "waiting on AWS: on the wire (an AWS SDK interceptor, from `read_before_transmit` to "
            "`read_before_deserialization`) and pacing (waiting for the client-side quota limiter and in "
            "retry backoff, in `Aws::call`). Own time is wall time less AWS time, per request, summed "
            "over the requests of a command. It is conservative: with requests in flight at once on "
            f"{cores} cores, the time a request waits for a thread while others run counts as its own, "
            "and so does reading an answer's body after its head arrived. Each line also carries when its request started (`at_ns`), which gives the time the "
            "provider had at least one request in (*busy*), and `cpu_ns`, the CPU time of the thread that "
            "answered over the same span: for a request that never waits (Check, Diff), own time less CPU "
            "time is time it was ready to run but had no core."
        )
        add("")

    scale = pul.get("scale") or []
    if scale:
        modes = sorted({mode_of(s) for s in scale}, key=lambda m: list(MODE_LABEL).index(m) if m in MODE_LABEL else 9)
        add(
            "**Scale.** `pulumi up --skip-preview` of generated YAML programs (pools with 4 rich clients "
            "each) through the quota-enforcing proxy, then no-change `up`s of the same program (several in a "
            "row; the table gives the median) and a `destroy`"
            + (
                ", each stack size twice, in separate projects and stacks: once with the CLI's defaults "
                "(with the file backend, v3.66 re-serializes the whole state after every step) and once "
                "with `PULUMI_EXPERIMENTAL=true PULUMI_SKIP_CHECKPOINTS=true` (the state is saved once, at "
                "the end)"
                if len(modes) > 1
                else ""
            )
            + ". The quota bound is the busiest quota category's calls ÷ its rate (operations ÷ "
            "quota rate); *rate* is bound ÷ time, the share of the quota-bound rate achieved (target ≥ 90%), "
            "over the whole command and over the window from the first AWS call to the last answer (which "
            "leaves out the CLI's own start-up and the engine's bookkeeping). `pulumi` v3.66 destroys in "
            "dependency levels, all clients and then all pools, so a `destroy` cannot beat its *ordered "
            "bound*, the sum over the levels of each level's quota bound."
        )
        add("")
        add(
            "| Resources | CLI state saving | `up` | Quota bound | Rate (whole / AWS window) | Failures, throttled | "
            "No-change `up` (median) | Its write calls | `destroy` | Its quota bound / ordered bound | Provider own time / wall "
            "(`up`) | Provider peak RSS | Provider CPU / wall | `pulumi` CPU / wall (`up`, `destroy`) |"
        )
        add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for s in scale:
            ph = s["phases"]
            up, up2, de = ph["up"], ph["second_up"], ph["destroy"]
            a = up["aws"]
            fails = a["errors"]
            peak = max(mb_kib(p["provider"]["peak_rss_kib"]) for p in ph.values())
            da = de["aws"]
            ordered = (da.get("ordered") or {}).get("bound_s")
            st = up.get("rpc_stats") or {}
            own = f"{st['own_s'] / up['wall_s'] * 100:.2f}%" if st.get("rpcs") else "—"
            # Every no-change `up` of the stack (older results hold only the second `up`).
            nc = s.get("no_change_runs") or [up2]
            nc_walls = sorted(m["wall_s"] for m in nc)
            nc_writes = max(m["aws"]["writes"] for m in nc)
            nc_calls = max(m["aws"]["calls"] for m in nc)
            nc_of = f", the most of {len(nc)} runs" if len(nc) > 1 else ""
            saving = "after every step" if mode_of(s) == "default" else "once, at the end"
            add(
                f"| {s['resources']} ({s['pools']} pools, {s['clients']} clients) | {saving} | {fmt_s(up['wall_s'])} "
                f"| {fmt_s(a['quota_bound_s'])} | {quota_rate(a)} / {a['quota_efficiency_window'] * 100:.1f}% "
                f"| {fails}, {a['throttled']} "
                f"| {fmt_s(nc_walls[(len(nc_walls) - 1) // 2])} | {ok(nc_writes == 0)} {nc_writes} "
                f"({nc_calls} calls){nc_of} | {fmt_s(de['wall_s'])} "
                f"| {fmt_s(da['quota_bound_s'])} / {fmt_s(ordered) if ordered is not None else '—'} "
                f"| {own} | {peak:.1f} MB | {up['provider']['cpu_s'] / up['wall_s'] * 100:.2f}% "
                f"| {up['cli']['cpu_s'] / up['wall_s'] * 100:.0f}%, {de['cli']['cpu_s'] / de['wall_s'] * 100:.0f}% |"
            )
        add("")
        for line in state_saving_prose(scale):
            add(line)
            add("")
        if g5:
            c, d = g5["create"], g5["delete"]
            add(
                f"Driven over gRPC without the CLI (every operation in flight at once), the provider "
                f"created {g5['resources']} resources in {fmt_s(c['wall_s'])} against a quota bound of "
                f"{fmt_s(c['aws']['quota_bound_s'])} ({c['aws']['quota_efficiency_wall'] * 100:.0f}% of the "
                f"quota-bound rate) and deleted them in {fmt_s(d['wall_s'])} (bound "
                f"{fmt_s(d['aws']['quota_bound_s'])}, {d['aws']['quota_efficiency_wall'] * 100:.0f}%), "
                f"with {c['aws']['throttled'] + d['aws']['throttled']} throttled calls and "
                f"{c['aws']['errors'] + d['aws']['errors']} failed ones."
                + (
                    f" The provider's own time was {c['rpc_stats']['own_share'] * 100:.2f}% of the create's wall "
                    f"time and {d['rpc_stats']['own_share'] * 100:.2f}% of the delete's (Σ over "
                    f"{c['rpc_stats']['rpcs']} and {d['rpc_stats']['rpcs']} requests all in flight at once, so "
                    "time spent waiting for a thread counts as own time)."
                    if (c.get("rpc_stats") or {}).get("rpcs") and (d.get("rpc_stats") or {}).get("rpcs")
                    else ""
                )
            )
            add("")
        if r.get("plot"):
            add(f"![`pulumi up` wall time against resource count]({link(r['plot'], base)})")
            add("")
    elif stacks.get("pulumi_skipped"):
        add(f"The `pulumi` CLI runs were skipped: {stacks['pulumi_skipped']}.")
        add("")
    moto_kind = str(stacks.get("moto", ""))
    if "bench/moto_server.py" in moto_kind or "parsed once" in moto_kind:
        # Results from before scripts/local-cognito.sh name bench/moto_server.py, which did
        # the same and is gone.
        add(
            "moto runs with its one RSA signing key parsed once instead of in every "
            "CreateUserPool (about 150 ms of CPU under Python's lock each, which would make moto, "
            "not the quotas, the limit on 2 cores): `scripts/local-cognito.sh` does this "
            "(`localcognito/keycache.py`), as `bench/moto_server.py` did before it."
        )
        add("")
    if pul.get("cli_version"):
        add(
            f"`pulumi` {pul['cli_version']} with the YAML language host (`scripts/ensure-pulumi.sh`), "
            f"plugin {pul.get('plugin_version')} installed from the tarball; every command has its own "
            "`PULUMI_HOME` and a file backend. The provider processes are found under `pulumi` in `/proc` "
            "and sampled every 20 ms (`VmHWM`, utime+stime)."
        )
        add("")
    add(
        "Reproduce with `bench/run.sh` (it installs hyperfine, GNU time, the Python venv and the "
        "`pulumi` CLI if missing; about 20 minutes on 2 cores with cold builds, 11 with warm ones). The raw numbers are in "
        f"[`bench/results.json`]({link('bench/results.json', base)}); what each figure measures is described at the "
        "top of `benches/startup.rs`, `benches/rpc.rs` and `benches/stacks.rs`."
    )
    return "\n".join(lines)


def state_saving_prose(scale: list[dict]) -> list[str]:
    """What sets the pace at the largest stack size, written from the numbers of both modes."""
    n = max(s["resources"] for s in scale)
    at = {mode_of(s): s for s in scale if s["resources"] == n}
    d, k = at.get("default"), at.get("skip_checkpoints")

    def cmd(s: dict, phase: str) -> str:
        m = s["phases"][phase]
        a = m["aws"]
        txt = (
            f"{fmt_s(m['wall_s'])} (`pulumi` CPU {m['cli']['cpu_s']:.1f} s, "
            f"{m['cli']['cpu_s'] / m['wall_s'] * 100:.0f}% of the wall time; provider CPU "
            f"{m['provider']['cpu_s']:.2f} s), {a['quota_efficiency_wall'] * 100:.0f}% of the quota-bound "
            f"rate ({a['quota_efficiency_window'] * 100:.0f}% over the AWS window)"
        )
        o = (a.get("ordered") or {}).get("bound_s")
        if phase == "destroy" and o:
            txt += f" and {o / m['wall_s'] * 100:.0f}% of what its ordered bound of {fmt_s(o)} allows"
        return txt

    out = []
    if d:
        out.append(
            f"At {n} resources with the CLI's defaults (with the file backend, `pulumi` re-serializes the "
            f"whole state after every step) the `up` took {cmd(d, 'up')}; the `destroy` took "
            f"{cmd(d, 'destroy')}. The `pulumi` process peaked at "
            f"{mb_kib(d['phases']['destroy']['cli']['peak_rss_kib']):.0f} MB."
        )
    if k:
        txt = (
            f"With the state saved once, at the end (`PULUMI_SKIP_CHECKPOINTS`), the `up` took "
            f"{cmd(k, 'up')}; the `destroy` took {cmd(k, 'destroy')}."
        )
        if d:
            verdicts = []
            for phase in ("up", "destroy"):
                dw, kw = d["phases"][phase]["wall_s"], k["phases"][phase]["wall_s"]
                dc, kc = d["phases"][phase]["cli"]["cpu_s"], k["phases"][phase]["cli"]["cpu_s"]
                if kw < 0.9 * dw:
                    verdicts.append(
                        f"saving the state after every step sets the pace of `{phase}`: skipping it cuts "
                        f"`pulumi`'s CPU from {dc:.1f} s to {kc:.1f} s and the wall time {dw / kw:.1f}×"
                    )
                else:
                    verdicts.append(
                        f"saving the state after every step costs `pulumi` {dc - kc:.1f} s of CPU in `{phase}` "
                        f"but does not set its pace (wall time {fmt_s(dw)} against {fmt_s(kw)})"
                    )
            txt += " At this size " + "; ".join(verdicts) + "."
        out.append(txt)
    return out


def plot(r: dict, path: Path) -> bool:
    scale = ((r.get("stacks") or {}).get("pulumi") or {}).get("scale") or []
    if not scale:
        return False
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report: matplotlib is missing; no plot", file=sys.stderr)
        return False

    def pts(mode: str, f) -> tuple[list[int], list[float]]:
        xs = [s for s in scale if mode_of(s) == mode]
        return [s["resources"] for s in xs], [f(s) for s in xs]

    series = [
        ("`pulumi up` (create), state saved after every step", pts("default", lambda s: s["phases"]["up"]["wall_s"]), "o-", "C0"),
        ("`pulumi up` (create), state saved once (PULUMI_SKIP_CHECKPOINTS)", pts("skip_checkpoints", lambda s: s["phases"]["up"]["wall_s"]), "o--", "C0"),
        ("`pulumi destroy`, state saved after every step", pts("default", lambda s: s["phases"]["destroy"]["wall_s"]), "s-", "C1"),
        ("`pulumi destroy`, state saved once", pts("skip_checkpoints", lambda s: s["phases"]["destroy"]["wall_s"]), "s--", "C1"),
        ("quota-limited lower bound of `up` (and `destroy`)", pts("default", lambda s: s["phases"]["up"]["aws"]["quota_bound_s"]), ":", "k"),
        ("ordered bound of `destroy` (clients, then pools)", pts("default", lambda s: (s["phases"]["destroy"]["aws"].get("ordered") or {}).get("bound_s", float("nan"))), "-.", "0.5"),
    ]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for label, (xs, ys), style, color in series:
        if xs:
            # Hollow markers for the runs with checkpoints skipped.
            hollow = "once" in label
            ax.plot(xs, ys, style, color=color, mfc="none" if hollow else color, label=label.replace("`", ""))
    cores = (r.get("machine") or {}).get("cores", "?")
    ax.set_xlabel("resources in the stack (user pools with 4 clients each)")
    ax.set_ylabel(f"wall time, s ({cores}-core machine)")
    ax.set_title("pulumi-cognito: wall time against stack size (moto, AWS quotas enforced)", fontsize=10)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


MODE_LABEL = {
    "default": "state saved after every step (the CLI's default)",
    "skip_checkpoints": "state saved once at the end (`PULUMI_EXPERIMENTAL=true PULUMI_SKIP_CHECKPOINTS=true`)",
}
MODE_SHORT = {"default": "", "skip_checkpoints": ", checkpoints skipped"}
MODE_TERSE = {"default": "CLI defaults", "skip_checkpoints": "checkpoints skipped"}


def mode_of(s: dict) -> str:
    return s.get("mode", "default")


def cpu_known(o: dict) -> bool:
    """True where every request of an `up` has its CPU time (no-change `up`s), so that its
    own time splits into time on a core and time ready to run without one."""
    return bool(o.get("on_cpu_rpcs")) and o["on_cpu_rpcs"] == o.get("rpcs")


def on_core(o: dict) -> str:
    """An `up`'s time on a core as a share of its wall time, where it is known."""
    return f" (on a core {o['on_cpu_s'] / o['wall_s'] * 100:.2f}%)" if cpu_known(o) else ""


def own_share(m: dict) -> float:
    """A run's own time as a share of its wall time (0 without per-request stats)."""
    st = m.get("rpc_stats") or {}
    return st["own_s"] / m["wall_s"] if st.get("rpcs") and m["wall_s"] else 0.0


def median_run(runs: list[dict]) -> tuple[dict, list[float]]:
    """Of several runs of one `up`, the one with the median own-time share (the lower middle
    one for an even count), and every run's share in the order they ran."""
    shares = [own_share(m) for m in runs]
    order = sorted(range(len(runs)), key=lambda i: shares[i])
    return runs[order[(len(runs) - 1) // 2]], shares


def runs_spread(o: dict) -> str:
    """' [median of N runs: a%–b%]' for an `up` that ran several times, else ''."""
    sh = o.get("shares") or []
    if len(sh) < 2:
        return ""
    return f" [median of {len(sh)} runs: {min(sh) * 100:.2f}%–{max(sh) * 100:.2f}%]"


def overhead(pul: dict) -> list[dict]:
    """One entry per `pulumi up` (seed stack; first and median no-change `up` of every generated stack
    in every mode): own time and CPU time of the provider against the command's wall time."""
    runs = []
    if pul.get("seed"):
        runs.append(("seed stack", pul["seed"]["up"], []))
    for s in pul.get("scale", []):
        for phase, what in (("up", ""), ("second_up", ", no-change `up`")):
            m = s["phases"].get(phase)
            shares = []
            if phase == "second_up" and s.get("no_change_runs"):
                m, shares = median_run(s["no_change_runs"])
            if m:
                label = f"{s['resources']} resources{what}{MODE_SHORT.get(mode_of(s), '')}"
                runs.append((label, m, shares))
    out = []
    for label, m, shares in runs:
        wall = m["wall_s"]
        o = {
            "label": label,
            "wall_s": wall,
            "cpu_s": m["provider"]["cpu_s"],
            "no_change": "no-change" in label,
            # Every run's own-time share where the `up` ran several times (`m` is the median one).
            "shares": shares,
        }
        o["cpu_share"] = o["cpu_s"] / wall if wall else 0.0
        st = m.get("rpc_stats")
        if st and st.get("rpcs"):
            o.update(
                rpcs=st["rpcs"],
                own_s=st["own_s"],
                aws_s=st["aws_s"],
                rpc_wall_s=st["wall_s"],
                own_share=st["own_s"] / wall if wall else 0.0,
                busy_s=st.get("busy_s"),
                # The requests that never waited on AWS, with their threads' CPU time known
                # (`cpu_ns`): their own time and how much of it they were on a core.
                on_cpu_rpcs=st.get("on_cpu_rpcs", 0),
                on_cpu_s=st.get("on_cpu_s", 0.0),
                on_cpu_own_s=st.get("on_cpu_own_s", 0.0),
                own_by_method={k: v["own_s"] for k, v in (st.get("by_method") or {}).items()},
            )
        out.append(o)
    return out


def rewrite_readme(readme: Path, body: str) -> None:
    """Puts `body` between the perf markers of `readme` (appended if they are missing)."""
    text = readme.read_text() if readme.exists() else ""
    block = f"{START}\n{body}\n{END}"
    if START in text and END in text:
        a = text.index(START)
        b = text.index(END) + len(END)
        text = text[:a] + block + text[b:]
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block + "\n"
    readme.write_text(text)


def collect(a: argparse.Namespace) -> dict:
    """The combined results, from what the benchmarks left in --results."""
    res = Path(a.results)
    r: dict = {
        "date": dt.date.today().isoformat(),
        "os": f"{platform.system()} {platform.release()}",
        "priority": os.environ.get("BENCH_PRIORITY", ""),
    }
    startup = load(res / "startup.json")
    stacks = load(res / "stacks.json")
    r["machine"] = (startup or stacks or {}).get("machine", {})
    r["startup"] = startup
    hf = load(res / "hyperfine-startup.json")
    if hf and hf.get("results"):
        t = [x * 1e3 for x in hf["results"][0]["times"]]
        r["hyperfine_startup"] = {
            "runs": len(t),
            "median_ms": percentile(t, 0.5),
            "p10_ms": percentile(t, 0.1),
            "p90_ms": percentile(t, 0.9),
            "stddev_ms": hf["results"][0]["stddev"] * 1e3,
            "command": hf["results"][0]["command"],
        }
    r["criterion"] = criterion_results(res / "criterion")
    r["stacks"] = stacks
    sizes = {}
    if a.binary and os.path.exists(a.binary):
        sizes["binary_bytes"] = os.path.getsize(a.binary)
    if a.tarball and os.path.exists(a.tarball):
        sizes["tarball_bytes"] = os.path.getsize(a.tarball)
    r["sizes"] = sizes

    # The provider's overhead in the real `pulumi up` runs: its own time from its per-request
    # stats (PULUMI_COGNITO_RPC_STATS), and its processes' CPU time (an upper bound).
    pul = (stacks or {}).get("pulumi") or {}
    r["overhead"] = overhead(pul)
    return r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", default=str(REPO / "target/bench"))
    ap.add_argument("--binary")
    ap.add_argument("--tarball")
    ap.add_argument("--readme", default=str(REPO / "README.md"), help="gets the compact section")
    ap.add_argument("--bench-readme", default=str(REPO / "bench/README.md"), help="gets the full report")
    ap.add_argument("--json", default=str(REPO / "bench/results.json"))
    ap.add_argument("--plot", default=str(REPO / "bench/scale.png"))
    ap.add_argument("--no-readme", action="store_true", help="leave both READMEs alone")
    ap.add_argument(
        "--render-only",
        action="store_true",
        help="run nothing and read no raw results: render both READMEs from --json as it is",
    )
    a = ap.parse_args()

    if a.render_only:
        r = load(Path(a.json))
        if r is None:
            print(f"report: cannot read {a.json}", file=sys.stderr)
            return 1
    else:
        r = collect(a)
        plot_path = Path(a.plot).resolve()
        if plot(r, plot_path):
            # Relative to the repository; each document links it relative to itself.
            r["plot"] = Path(os.path.relpath(plot_path, REPO)).as_posix()
        # Paths relative to the repository: no machine paths in the committed results.
        text = json.dumps(r, indent=2, sort_keys=True).replace(str(REPO) + "/", "")
        Path(a.json).write_text(text + "\n")

    readme, bench_readme = Path(a.readme).resolve(), Path(a.bench_readme).resolve()
    full = section(r, bench_readme.parent, "## Results")
    compact = compact_section(r, readme.parent)
    if not a.no_readme:
        rewrite_readme(bench_readme, full)
        rewrite_readme(readme, compact)
    print(full)
    print()
    print(compact)
    return 0


if __name__ == "__main__":
    sys.exit(main())
