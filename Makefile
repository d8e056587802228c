# 售后服务管理系统 — the two commands a newcomer needs:
#
#   make run    set up .venv, migrate, load the demo data, start the task worker and the
#               development server on http://127.0.0.1:8000 (Ctrl-C stops both)
#   make test   lint, format check, migration check and the test suite (no browser)
#
# Also: make e2e (browser tests, needs /usr/bin/chromium), make fault (the fault suite: needs the
# PostgreSQL server and redis-server installed, and root or the postgres user), make bench,
# make demo, make clean.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k calendar -x"
PYTEST_ARGS ?=
BENCH_ARGS ?=

# pytest, saying so clearly when it collected nothing (exit 5 is a failure here, not a pass).
define pytest
$(BIN)/pytest $(1) $(PYTEST_ARGS) || { rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests (exit 5)" >&2; fi; exit $$rc; }
endef

.PHONY: help run test e2e fault bench lint demo venv clean

help:
	@echo "make run    — 安装并启动（演示数据 + 后台任务 + http://$(HOST):$(PORT)）"
	@echo "make test   — 代码检查与测试（不含浏览器测试）"
	@echo "make e2e    — 浏览器端到端测试（需要 /usr/bin/chromium）"
	@echo "make fault  — 故障演练（自带 PostgreSQL 与 Redis：杀进程、重启数据库，约 3 分钟）"
	@echo "make bench  — 性能与规模测试（tests/bench）"
	@echo "make clean  — 删除 .venv（不删除 ./var 中的数据）"

# --- virtualenv: created once, reinstalled when pyproject.toml or constraints.txt change ----

$(BIN)/python:
	@py="$$(scripts/find-python)"; \
	echo "==> Python: $$py ($$("$$py" -c 'import platform; print(platform.python_version())'))"; \
	"$$py" -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	@echo "==> pip install -e '.[test]' -c constraints.txt"
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]' -c constraints.txt
	@touch $(STAMP)

venv: $(STAMP)

# --- run -----------------------------------------------------------------------------------

run: $(STAMP)
	$(BIN)/aftersales migrate --noinput
	$(BIN)/aftersales demo --tickets 3000
	@echo
	@echo "==> 打开 http://$(HOST):$(PORT) 并用上面的演示账号登录（Ctrl-C 停止）"
	@echo
	@$(BIN)/aftersales db_worker --no-reload --interval 2 --verbosity 1 & worker=$$!; \
	$(BIN)/aftersales scheduler >/dev/null & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null || true; wait $$worker $$scheduler 2>/dev/null || true' EXIT INT TERM; \
	$(BIN)/aftersales runserver $(HOST):$(PORT)

demo: $(STAMP)
	$(BIN)/aftersales migrate --noinput
	$(BIN)/aftersales demo --tickets 3000

# --- checks --------------------------------------------------------------------------------

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Tests get a throwaway data directory so they never touch ./var (static/ is created so that
# whitenoise finds the directory it expects).
test: lint
	@tmp="$$(mktemp -d -t aftersales-test.XXXXXX)"; trap 'rm -rf "$$tmp"' EXIT; mkdir -p "$$tmp/static"; \
	echo "==> aftersales makemigrations --check --dry-run"; \
	AFTERSALES_DATA_DIR="$$tmp" $(BIN)/aftersales makemigrations --check --dry-run; \
	echo "==> pytest -m 'not e2e and not fault'"; \
	export AFTERSALES_DATA_DIR="$$tmp"; $(call pytest,-m "not e2e and not fault" --ignore=tests/bench)

e2e: $(STAMP)
	@test -x /usr/bin/chromium || { echo "error: /usr/bin/chromium is missing (Debian: apt-get install chromium fonts-noto-cjk)" >&2; exit 1; }
	@tmp="$$(mktemp -d -t aftersales-e2e.XXXXXX)"; trap 'rm -rf "$$tmp"' EXIT; mkdir -p "$$tmp/static"; \
	export AFTERSALES_DATA_DIR="$$tmp"; $(call pytest,-m e2e tests/e2e)

# The fault suite (tests/fault): its own PostgreSQL cluster and redis-server on free ports, two
# gunicorn app servers, two task workers and the scheduler; kills and restarts under load.
fault: $(STAMP)
	$(call pytest,-m fault tests/fault -s)

# Each tests/bench/bench_*.py is a script that prints "name: value" lines and fails on a wrong
# outcome; BENCH_ARGS is passed to every one (e.g. make bench BENCH_ARGS="--houses 20000").
bench: $(STAMP)
	@tmp="$$(mktemp -d -t aftersales-bench.XXXXXX)"; trap 'rm -rf "$$tmp"' EXIT; mkdir -p "$$tmp/static"; \
	export AFTERSALES_DATA_DIR="$$tmp"; \
	scripts=(tests/bench/bench_*.py); \
	[ -e "$${scripts[0]}" ] || { echo "error: no tests/bench/bench_*.py scripts" >&2; exit 1; }; \
	for f in "$${scripts[@]}"; do echo "==> $$f"; $(BIN)/python "$$f" $(BENCH_ARGS); done

clean:
	rm -rf $(VENV) build dist src/*.egg-info
