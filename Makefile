# The commands a newcomer runs on a fresh machine (README, "Set-up"):
#   make demo      set up .venv and the Debian packages the reports need, run the main job on the
#                  bundled example township, write every report into out/ (fails if one is missing)
#   make test      set up .venv and the Debian packages the tests need, run ruff, mypy and pytest
#   make install   link electkit into ~/.local/bin (PREFIX=… elsewhere), so that it is on PATH
#   make docs      regenerate docs/rules.md, docs/cli.md and every console block of README.md and
#                  docs/*.md from real runs (the tests compare them with the committed files)
# All are idempotent: .venv is created once and refreshed when pyproject.toml changes. Debian
# packages are installed with apt-get as root or through `sudo -n` (scripts/system-deps.sh).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EX     := examples/qingshan
COUNTY := examples/county
LX     := examples/linxi
PREFIX ?= $(HOME)/.local

# Every file `make demo` promises; the demo fails if one is not written.
CONTESTS := committee discipline county_delegates
REPORTS  := out/audit.html out/audit.pdf \
            $(foreach c,$(CONTESTS),out/result-$(c).html out/result-$(c).pdf out/ballot-$(c).html out/ballot-$(c).pdf) \
            out/discipline-round2.yaml out/qingshan.book \
            out/result-committee-official.html out/result-committee-official.pdf \
            out/county-report.xlsx out/county-report.html out/county-report.pdf out/qingshan-bundle.zip

.PHONY: demo test docs install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,pdf]'
	touch $(STAMP)

demo: $(STAMP)
	bash scripts/system-deps.sh reports
	rm -f $(REPORTS) out/qingshan.book-wal out/qingshan.book-shm  # a stale file must not pass the check below
	@echo "== 1. 检查代表名单 / check the delegate list (exit 1 = errors found, as planted) =="
	$(BIN)/electkit check delegates $(EX)/delegates.xlsx --election $(EX)/election.yaml --lang zh || test $$? -eq 1
	@echo "== 2. 规则集检查 / lint the county rule sets against the national floor =="
	$(BIN)/electkit rules lint zhaotong-2006 --lang zh --format plain
	@echo "== 3. 各项名额 / plan the election's numbers =="
	$(BIN)/electkit plan $(EX)/election.yaml --lang zh --format plain
	@echo "== 4. 代表名额分配 / share the 150 delegate seats among the units =="
	$(BIN)/electkit allocate $(EX)/units.csv --seats 150 --lang zh --format plain
	@echo "== 5. 候选人名单 / check the slates (exit 1 = the planted problem) =="
	$(BIN)/electkit check slate $(EX)/committee.xlsx --contest committee --election $(EX)/election.yaml --lang zh || test $$? -eq 1
	$(BIN)/electkit check slate $(EX)/discipline.csv --contest discipline --seats 5 --election $(EX)/election.yaml --lang zh || test $$? -eq 1
	@echo "== 6. 计票 / count the three contests (a tie and a shortfall, as planted) =="
	$(BIN)/electkit tally count $(EX)/tally/committee.yaml $(EX)/tally/committee.csv --lang zh
	$(BIN)/electkit tally count $(EX)/tally/discipline.yaml $(EX)/tally/discipline.csv --lang zh --next-round out/discipline-round2.yaml
	$(BIN)/electkit tally count $(EX)/tally/county_delegates.yaml $(EX)/tally/county_delegates.csv --lang zh --format plain
	@echo "== 7. 打印报告 / printed reports into out/ =="
	$(BIN)/electkit report audit $(EX)/election.yaml --delegates $(EX)/delegates.xlsx --slate $(EX)/committee.xlsx --contest committee --slate $(EX)/discipline.csv --contest discipline:5 --lang zh -o out/audit.html
	$(BIN)/electkit report audit $(EX)/election.yaml --delegates $(EX)/delegates.xlsx --slate $(EX)/committee.xlsx --contest committee --slate $(EX)/discipline.csv --contest discipline:5 --lang zh -o out/audit.pdf
	set -e; for c in $(CONTESTS); do \
	  for kind in html pdf; do \
	    $(BIN)/electkit report result $(EX)/tally/$$c.yaml $(EX)/tally/$$c.csv --lang zh -o out/result-$$c.$$kind; \
	    $(BIN)/electkit ballot $(EX)/tally/$$c.yaml --lang zh -o out/ballot-$$c.$$kind; \
	  done; \
	done
	@echo "== 8. 计票簿 / the counting book: two tellers, a planted mistake, diff, correction, count, verify =="
	$(BIN)/electkit book open out/qingshan.book $(EX)/tally/committee.yaml $(EX)/tally/discipline.yaml $(EX)/tally/county_delegates.yaml --lang zh
	$(BIN)/python scripts/second_teller.py $(EX)/tally/committee.csv out/committee-teller2.csv --ballot 017 --fix out/committee-teller2-fix.csv
	$(BIN)/electkit book import out/qingshan.book $(EX)/tally/committee.csv --contest 委员 --clerk 张丽 --lang zh
	$(BIN)/electkit book import out/qingshan.book out/committee-teller2.csv --contest 委员 --clerk 李强 --lang zh
	$(BIN)/electkit book diff out/qingshan.book --contest 委员 --lang zh || test $$? -eq 1
	$(BIN)/electkit book count out/qingshan.book --contest 委员 --lang zh || test $$? -eq 3
	$(BIN)/electkit book import out/qingshan.book out/committee-teller2-fix.csv --contest 委员 --clerk 李强 --lang zh
	$(BIN)/electkit book diff out/qingshan.book --contest 委员 --lang zh
	$(BIN)/electkit book count out/qingshan.book --contest 委员 --lang zh --format plain
	$(BIN)/electkit book verify out/qingshan.book --lang zh
	$(BIN)/electkit book status out/qingshan.book --lang zh
	$(BIN)/electkit report result --book out/qingshan.book --contest 委员 --lang zh -o out/result-committee-official.html
	$(BIN)/electkit report result --book out/qingshan.book --contest 委员 --lang zh -o out/result-committee-official.pdf
	@echo "== 9. 县级规则集 / a county's own notice as a rule set (docs/writing-rules.md): lists exactly on, and one past, each threshold =="
	$(BIN)/electkit rules lint $(LX)/linxi-2026.yaml --lang zh --format plain
	$(BIN)/electkit check delegates $(LX)/delegates-on.csv --election $(LX)/election.yaml --lang zh --format plain
	$(BIN)/electkit check delegates $(LX)/delegates-past.csv --election $(LX)/election.yaml --lang zh --format plain || test $$? -eq 1
	$(BIN)/electkit check slate $(LX)/committee-on.csv --contest committee --election $(LX)/election.yaml --lang zh --format plain
	$(BIN)/electkit check slate $(LX)/committee-past.csv --contest committee --election $(LX)/election.yaml --lang zh --format plain || test $$? -eq 1
	@echo "== 10. 全县 / the county of five townships: status, check (exit 1 = the planted error), report =="
	$(BIN)/electkit county status $(COUNTY) --lang zh -f plain
	$(BIN)/electkit county check $(COUNTY) --lang zh -f plain || test $$? -eq 1
	$(BIN)/electkit county report $(COUNTY) --lang zh -o out/county-report.xlsx
	$(BIN)/electkit county report $(COUNTY) --lang zh -o out/county-report.html
	$(BIN)/electkit county report $(COUNTY) --lang zh -o out/county-report.pdf
	@echo "== 11. 数据包 / a township's bundle, verified and filed into a new county workspace =="
	rm -rf out/county-import out/qingshan-bundle.zip
	$(BIN)/electkit bundle $(COUNTY)/青山乡 -o out/qingshan-bundle.zip --lang zh
	mkdir -p out/county-import && cp $(COUNTY)/county.yaml $(COUNTY)/县级规则.yaml out/county-import/
	$(BIN)/electkit county init out/county-import --lang zh
	$(BIN)/electkit county import out/county-import out/qingshan-bundle.zip --lang zh
	$(BIN)/electkit county import out/county-import out/qingshan-bundle.zip --lang zh
	$(BIN)/electkit county status out/county-import --lang zh -f plain
	@missing=""; for f in $(REPORTS); do test -s $$f || missing="$$missing $$f"; done; \
	  if [ -n "$$missing" ]; then echo "make demo: not written:$$missing" >&2; exit 1; fi
	@echo "reports written to out/: $(notdir $(REPORTS))"

test: $(STAMP)
	bash scripts/system-deps.sh
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py
	$(BIN)/python scripts/doc_blocks.py

install: $(STAMP)
	mkdir -p $(PREFIX)/bin
	ln -sfn $(CURDIR)/$(BIN)/electkit $(PREFIX)/bin/electkit
	@echo "electkit -> $(PREFIX)/bin/electkit ($$($(PREFIX)/bin/electkit --version))"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) \
	  echo "$(PREFIX)/bin is not on PATH yet: log in again, or run  export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac
