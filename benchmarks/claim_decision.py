"""One learned decision for a fact: the checks, the judge's log-odds and a probe.

A fact in a brief is decided today by the deterministic checks, then (with `--judge`)
held back when the embedded model's log-odds of "Yes" fall below a threshold. This
builds a labelled set of (evidence, claim) pairs and fits one logistic decision over
those signals and a linear probe on the model's last hidden state for the same prompt
(read off the same forward pass as the log-odds), then reports it on pairs it was not
fitted on, beside the rules shipped.

Pairs, per half (AllSides by story, FRANK by document):
- AllSides dev sentences changed each way `perturb.py` changes them (negatives), the
  sentence itself and the same sentence in another outlet's words (positives), each
  shown with its neighbours, as `generate --judge` shows a fact;
- FRANK's labelled summaries against their best evidence sentences, as
  `brief eval verify --judge` asks them (the weakest claim sentence counts).

    python benchmarks/claim_decision.py collect --half 0 --per-type 16 --frank 150 \\
        ../shared/eval/allsides_dev.jsonl ../shared/eval/frank_valid.jsonl /tmp/pairs0.npz
    python benchmarks/claim_decision.py collect --half 1 --per-type 16 \\
        ../shared/eval/allsides_dev.jsonl ../shared/eval/frank_valid.jsonl /tmp/pairs1.npz
    python benchmarks/claim_decision.py fit /tmp/pairs0.npz /tmp/pairs1.npz

Needs the embedded default model (`make install`). About 2 s per AllSides pair and
4 s per FRANK pair on a 2-core machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from perturb import _CUT, TYPES, cases, other_outlets

from brief import prompts
from brief.evaluate import balanced_accuracy, load_pairs, load_rows, sample_rows
from brief.judge import JUDGE_THRESHOLD, MAX_TEXT_CHARS, _fenced, combined_support
from brief.schema import Article, FactOut
from brief.text import split_sentences
from brief.verify.document import check_in_document, claim_sentences
from brief.verify.spans import coverage, verify_fact


def odds_and_state(backend: Any, claim: str, evidence: list[str]) -> tuple[float, np.ndarray]:
    """The judge's log-odds and the last token's hidden state, from one forward pass."""
    import llama_cpp

    text = "\n".join(" ".join(s.split()) for s in evidence)[:MAX_TEXT_CHARS]
    messages = prompts.render("entail", evidence=_fenced(text),
                              claim=_fenced(" ".join(claim.split())))
    tokens = backend._chat_tokens(messages)
    llama = backend.llama
    yes, no = backend._answer_tokens()
    llama.reset()
    llama_cpp.llama_set_embeddings(llama.ctx, False)
    llama.eval(tokens[:-1])
    llama_cpp.llama_set_embeddings(llama.ctx, True)  # the hidden state of the last token only
    llama.eval(tokens[-1:])
    logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llama.ctx, -1),
                                   shape=(llama.n_vocab(),)).astype(np.float64)
    state = np.ctypeslib.as_array(llama_cpp.llama_get_embeddings_ith(llama.ctx, -1),
                                  shape=(llama.n_embd(),)).astype(np.float32).copy()
    top = logits.max()
    def log_sum(ids: list[int]) -> float:
        return float(top + np.log(np.exp(logits[ids] - top).sum()))
    return log_sum(yes) - log_sum(no), state


def allsides_pairs(path: Path, half: int, per_type: int, kinds: list[str] | None = None
                   ) -> list[dict[str, Any]]:
    """Perturbed and restated sentences (of the perturbation `kinds`, default all), each
    as (type, article, sentence number, claim); the same ones every time."""
    rng = random.Random(11 + half)
    types = {k: f for k, f in TYPES.items() if kinds is None or k in kinds}
    candidates: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_story, changed = cases(load_rows(path, half), rng, types)
    for kind, article, number, claim in changed:
        candidates[kind].append({"article": article, "number": number, "claim": claim})
    for a, number, words in other_outlets(by_story, ratio=80):
        if not _CUT.search(_sentence(a, number)):  # the other outlet's is whole too
            candidates["other outlet's words (positive)"].append(
                {"article": a, "number": number, "claim": words})
    out = []
    for kind, found in candidates.items():
        take = per_type * 3 if kind.endswith("(positive)") else per_type
        for case in rng.sample(found, min(take, len(found))):
            out.append({**case, "type": kind, "label": kind.endswith("(positive)")})
    return out


def _sentence(article: Article, number: int) -> str:
    s = split_sentences(article.text)[number - 1]
    return article.text[s.start:s.end]


def _checked(case: dict[str, Any]) -> tuple[bool, float]:
    """(the checks pass the claim, its word coverage of the sentence) with this code."""
    article, number = case["article"], case["number"]
    fact = verify_fact(FactOut.model_construct(sentence=number, claim=case["claim"]),
                       article, split_sentences(article.text))
    found, total = coverage(case["claim"], _sentence(article, number))
    return fact.status == "verified", found / max(total, 1)


def collect(args: argparse.Namespace) -> None:
    from brief.llm import weights
    from brief.llm.embedded import EmbeddedBackend

    tier = weights.tier("default")
    backend = EmbeddedBackend(weights.pull(tier), model=tier.model)
    records: list[dict[str, Any]] = []
    for case in allsides_pairs(args.allsides, args.half, args.per_type):
        checks, covered = _checked(case)
        sentences = split_sentences(case["article"].text)
        around = [case["article"].text[s.start:s.end] for s in sentences
                  if abs(s.number - case["number"]) <= 1]
        records.append({"set": "allsides", "type": case["type"], "label": case["label"],
                        "checks": checks, "coverage": covered, "claim": case["claim"],
                        "evidence": around})
    frank = load_pairs(args.frank, args.half)
    for row in sample_rows(frank, args.frank_pairs) if args.frank_pairs else frank:
        verdict = check_in_document(row["claim"], row["doc"])
        evidence = [q for _, q in sorted({(s.start, s.quote) for s in verdict.evidence})]
        records.append({"set": "frank", "type": str(row.get("source_dataset")),
                        "label": bool(int(row["label"])), "checks": verdict.supported,
                        "coverage": verdict.coverage, "claim": row["claim"],
                        "evidence": evidence})
    odds, states = [], []
    start = time.perf_counter()
    for n, record in enumerate(records, 1):
        parts = claim_sentences(record["claim"]) if record["set"] == "frank" else []
        scored = [odds_and_state(backend, part, record["evidence"])
                  for part in (parts or [record["claim"]])]
        weakest = min(scored, key=lambda x: x[0])  # a claim is as good as its weakest part
        odds.append(weakest[0])
        states.append(weakest[1])
        if n % 20 == 0 or n == len(records):
            print(f"[{n}/{len(records)}] {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
    np.savez_compressed(
        args.out, state=np.stack(states), odds=np.array(odds),
        label=np.array([r["label"] for r in records]),
        checks=np.array([r["checks"] for r in records]),
        coverage=np.array([r["coverage"] for r in records]),
        set=np.array([r["set"] for r in records]), type=np.array([r["type"] for r in records]),
        seconds=np.array([(time.perf_counter() - start) / len(records)]),
        source=np.array([str(args.allsides), str(args.frank)]),
        half=np.array([args.half]), per_type=np.array([args.per_type]))


def _load(path: Path, allsides: Path | None) -> dict[str, Any]:
    """A collected half, with the checks of its AllSides pairs read again by this code
    (the pairs are drawn again the same way; their word coverage must match)."""
    data = dict(np.load(path))
    if allsides is None:
        return data
    mask = data["set"] == "allsides"
    kinds = sorted({str(k) for k in data["type"][mask]} - {"restated (positive)",
                                                          "other outlet's words (positive)"})
    pairs = allsides_pairs(allsides, int(data["half"][0]), int(data["per_type"][0]), kinds)
    checked = [_checked(case) for case in pairs]
    if len(pairs) != mask.sum() or not np.allclose([c for _, c in checked],
                                                   data["coverage"][mask]):
        raise SystemExit(f"{path}: its AllSides pairs cannot be drawn again")
    data["checks"] = data["checks"].copy()
    data["checks"][mask] = [ok for ok, _ in checked]
    return data


def _weights(data: Any) -> np.ndarray:
    """Each (set, label) group weighs the same, so the fit aims at balanced accuracy."""
    key = np.array([f"{s}:{t if s == 'frank' else ''}:{y}"
                    for s, t, y in zip(data["set"], data["type"], data["label"], strict=True)])
    groups, counts = np.unique(key, return_counts=True)
    share = dict(zip(groups, counts, strict=True))
    return np.array([1.0 / share[k] for k in key]) * len(key) / len(groups)


def fit(args: argparse.Namespace) -> None:
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    train, test = _load(args.train, args.allsides), _load(args.test, args.allsides)
    w = _weights(train)
    y = train["label"].astype(int)

    def probe(c: float, dims: int) -> Any:
        return make_pipeline(StandardScaler(), PCA(dims, random_state=0),
                             LogisticRegression(C=c, max_iter=2000))
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    best: tuple[float, float, int] | None = None
    for dims in (16, 64):
        for c in (0.01, 0.1, 1.0):
            guess = cross_val_predict(probe(c, dims), train["state"], y, cv=folds,
                                      params={"logisticregression__sample_weight": w})
            score = _mean_accuracy(train, guess.astype(bool))
            print(f"probe, half 0 cross-validated: {dims} dims, C={c}: {score:.3f}")
            if best is None or score > best[0]:
                best = (score, c, dims)
    assert best is not None
    _, c, dims = best
    model = probe(c, dims)
    probe_train = cross_val_predict(model, train["state"], y, cv=folds, method="decision_function",
                                    params={"logisticregression__sample_weight": w})
    model.fit(train["state"], y, logisticregression__sample_weight=w)
    probe_test = model.decision_function(test["state"])

    def signals(data: Any, probe_score: np.ndarray, names: list[str]) -> np.ndarray:
        columns = {"checks": data["checks"].astype(float), "coverage": data["coverage"],
                   "log-odds": data["odds"], "probe": probe_score}
        return np.column_stack([columns[n] for n in names])
    sets = {"checks + log-odds": ["checks", "coverage", "log-odds"],
            "checks + log-odds + probe": ["checks", "coverage", "log-odds", "probe"]}
    decided: dict[str, np.ndarray] = {
        "checks alone (shipped)": test["checks"],
        f"checks, then log-odds ≥ {JUDGE_THRESHOLD} (shipped --judge)":
            test["checks"] & (test["odds"] >= JUDGE_THRESHOLD),
        "FRANK rule: log-odds + coverage (shipped eval --judge)":
            np.array([combined_support(o, c) for o, c in zip(test["odds"], test["coverage"],
                                                               strict=True)]),
        f"probe alone ({dims} dims, C={c})": probe_test > 0,
    }
    for name, names in sets.items():
        combo = LogisticRegression(C=1.0, max_iter=2000)
        combo.fit(signals(train, probe_train, names), y, sample_weight=w)
        decided[name] = combo.predict(signals(test, probe_test, names)).astype(bool)
        print(f"{name}: " + ", ".join(f"{n} {v:+.2f}" for n, v in
                                      zip(names, combo.coef_[0], strict=True))
              + f", intercept {combo.intercept_[0]:+.2f}")
    _report(test, decided)
    print(f"\n{float(test['seconds'][0]) * 1000:.0f} ms per pair (one forward pass per "
          "claim sentence, the log-odds and the hidden state together)")


def _mean_accuracy(data: Any, passed: np.ndarray) -> float:
    """Mean of FRANK's per-dataset balanced accuracy and the AllSides one."""
    scores = []
    for group in ("allsides", "frank:cnndm", "frank:xsum"):
        mask = (data["set"] == group.split(":")[0])
        if ":" in group:
            mask &= data["type"] == group.split(":")[1]
        if mask.any():
            scores.append(balanced_accuracy(list(passed[mask]), list(data["label"][mask])))
    return float(np.mean(scores))


def _report(test: Any, decided: dict[str, np.ndarray]) -> None:
    kinds = sorted(set(test["type"][test["set"] == "allsides"]),
                   key=lambda k: (not k.endswith("(positive)"), k))
    print("\nHeld out: share held back (positives must pass), and FRANK balanced accuracy")
    print("| decision | " + " | ".join(kinds) + " | FRANK cnndm | FRANK xsum | FRANK mean |")
    print("|---|" + "---:|" * (len(kinds) + 3))
    for name, passed in decided.items():
        cells = []
        for kind in kinds:
            mask = (test["set"] == "allsides") & (test["type"] == kind)
            cells.append(f"{1 - passed[mask].mean():.0%} ({mask.sum()})")
        frank = []
        for dataset in ("cnndm", "xsum"):
            mask = (test["set"] == "frank") & (test["type"] == dataset)
            frank.append(balanced_accuracy(list(passed[mask]), list(test["label"][mask]))
                         if mask.any() else float("nan"))
        cells += [f"{frank[0]:.3f}", f"{frank[1]:.3f}", f"{np.mean(frank):.3f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("allsides", type=Path)
    c.add_argument("frank", type=Path)
    c.add_argument("out", type=Path)
    c.add_argument("--half", type=int, required=True)
    c.add_argument("--per-type", type=int, default=16)
    c.add_argument("--frank", dest="frank_pairs", type=int, default=0,
                   help="FRANK pairs spread over the half (default: all of them)")
    f = sub.add_parser("fit")
    f.add_argument("train", type=Path)
    f.add_argument("test", type=Path)
    f.add_argument("--allsides", type=Path, default=None,
                   help="read the AllSides pairs' checks again with this code")
    args = parser.parse_args()
    collect(args) if args.command == "collect" else fit(args)


if __name__ == "__main__":
    main()
