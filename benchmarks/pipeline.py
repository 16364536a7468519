"""The pipeline against a remote-like endpoint: throughput, overhead, cached reruns.

The endpoint is the tests' fake OpenAI server on 127.0.0.1 (tests/fake_openai.py):
it answers like a careful model after a fixed delay, so what is measured is brief's
own work plus waiting. Articles are synthetic (written here: 20 places × 10 topics).

    python benchmarks/pipeline.py throughput --articles 48 --delay 1.0 --concurrency 1 4 16
    python benchmarks/pipeline.py overhead --articles 100 --runs 3
    python benchmarks/pipeline.py cached --articles 100 --runs 5
    python benchmarks/pipeline.py batch --articles 200 --delay 1.0 --concurrency 8 --runs 3

`batch` compares direct calls with `--batch` (tests/fake_batch.py: the Batch API's
`/files` and `/batches`, a batch done after two status checks): HTTP requests, wall
time and cost at gpt-4o-mini's list prices (batch: half).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from brief.cli import cli
from fake_batch import FakeBatchAPI
from fake_openai import FakeOpenAI

PLACES = ["Oslo", "Lagos", "Lima", "Hanoi", "Quito", "Accra", "Dakar", "Riga", "Tunis", "Sofia",
          "Minsk", "Doha", "Baku", "Kyiv", "Rabat", "Bern", "Male", "Apia", "Suva", "Lome"]
TOPICS = ["water treaty", "grain corridor", "border commission", "fishing quota", "power grid",
          "rail link", "vaccine plant", "port expansion", "tariff review", "election monitors"]


def write_articles(folder: Path, count: int, seed: int = 7) -> None:
    """`count` articles, each about its own event: a place, a topic and figures."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        place, topic = PLACES[i % len(PLACES)], TOPICS[(i // len(PLACES)) % len(TOPICS)]
        minister = f"Minister {rng.choice(['Ade', 'Berg', 'Cruz', 'Diallo', 'Eze'])}{i}"
        body = "\n\n".join([
            f"Officials in {place} signed the {topic} agreement number {i} on Monday after "
            f"{rng.randint(3, 30)} rounds of talks with neighbouring governments.",
            f"{minister} said the {topic} would cost {rng.randint(10, 900)} million dollars "
            f"over {rng.randint(2, 12)} years and would be reviewed by parliament.",
            f"Opposition parties in {place} criticised the {topic} and called for a public "
            f"inquiry into how the contracts numbered {i} were awarded.",
        ])
        day = 1 + i % 27
        (folder / f"a{i:04d}.md").write_text(
            f"---\ntitle: {place} signs {topic} deal {i}\ndate: 2026-03-{day:02d}\n---\n{body}\n",
            encoding="utf-8")


def run(url: str, *args: str) -> float:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["-q", "generate", "--since", "2026-03-01", "--until",
                                      "2026-03-31", "--base-url", url, *args])
    if result.exit_code != 0:
        raise SystemExit(result.stderr)
    return time.perf_counter() - start


def fresh(workdir: Path) -> None:
    for path in (workdir / ".brief").glob("*"):
        path.unlink()


def throughput(articles: int, delay: float, levels: list[int]) -> None:
    print(f"| concurrency | articles | model calls | wall s | articles / min |  (delay {delay} s)")
    print("|---:|---:|---:|---:|---:|")
    for level in levels:
        with FakeOpenAI(delay=delay) as server:
            fresh(Path.cwd())
            wall = run(server.url, "--concurrency", str(level), "articles")
            calls = len(server.requests)
        print(f"| {level} | {articles} | {calls} | {wall:.1f} | {articles / wall * 60:.0f} |")


def overhead(articles: int, runs: int) -> None:
    times = []
    with FakeOpenAI(delay=0.0) as server:
        for _ in range(runs):
            fresh(Path.cwd())
            times.append(run(server.url, "articles"))
            calls = len(server.requests) // (len(times))
    median = statistics.median(times)
    print(f"{articles} articles, {calls} model calls answered at once: median {median:.2f} s "
          f"over {runs} runs ({[round(t, 2) for t in times]}), "
          f"{median / articles * 1000:.1f} ms per article (ingest included)")


def cached(articles: int, runs: int) -> None:
    with FakeOpenAI(delay=0.0) as server:
        fresh(Path.cwd())
        run(server.url, "articles")
        first = len(server.requests)
        times = [run(server.url) for _ in range(runs)]
        again = len(server.requests) - first
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{articles} articles: first run {first} model calls; {runs} cached reruns made "
          f"{again} calls; median {statistics.median(times):.2f} s "
          f"({[round(t, 2) for t in times]}); peak memory of the process {peak:.0f} MB")


PRICES = '[prices."bench"]\nprompt = 0.15\ncompletion = 0.60\n'


def batch(articles: int, delay: float, concurrency: int, runs: int) -> None:
    Path("brief.toml").write_text(PRICES, encoding="utf-8")
    rows: dict[str, list[tuple[float, int, int, float]]] = {"direct": [], "batch": []}
    for _ in range(runs):
        for how in rows:
            fresh(Path.cwd())
            server = FakeBatchAPI(delay=delay) if how == "batch" else FakeOpenAI(delay=delay)
            with server:
                args = ["--batch", "--batch-poll", "0.5"] if how == "batch" else [
                    "--concurrency", str(concurrency)]
                wall = run(server.url, *args, "-o", "brief.md", "articles")
                http = len(server.requests) + len(getattr(server, "paths", []))
                answered = len(server.requests) + len(getattr(server, "lines_sent",
                                                               lambda: [])())
            cost = float(re.search(r"^cost_usd: (\S+)", Path("brief.md").read_text(),
                                   re.M)[1])  # type: ignore[index]
            rows[how].append((wall, http, answered, cost))
    print(f"| how | articles | requests answered | HTTP requests | wall s ({runs} runs) "
          "| cost (USD) |")
    print("|---|---:|---:|---:|---|---:|")
    for how, got in rows.items():
        walls = ", ".join(f"{w:.1f}" for w, *_ in sorted(got))
        label = "--batch" if how == "batch" else f"direct, --concurrency {concurrency}"
        print(f"| {label} | {articles} | {got[0][2]} | {got[0][1]} | {walls} "
              f"(median {statistics.median(w for w, *_ in got):.1f}) | {got[0][3]:.4f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["throughput", "overhead", "cached", "batch"])
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        os.environ.update({"BRIEF_MODEL": "bench", "BRIEF_DB": str(Path(tmp, ".brief/b.db"))})
        write_articles(Path(tmp, "articles"), args.articles)
        if args.what == "throughput":
            throughput(args.articles, args.delay, args.concurrency)
        elif args.what == "overhead":
            overhead(args.articles, args.runs)
        elif args.what == "batch":
            batch(args.articles, args.delay, args.concurrency[0], args.runs)
        else:
            CliRunner().invoke(cli, ["-q", "ingest", "articles"])
            cached(args.articles, args.runs)


if __name__ == "__main__":
    main()
