# The two commands of the README: `make run` and `make test`. Both set up .venv first; `make test`
# also installs the system packages the tests drive (Java for HermiT, Debian's Chromium for the
# browser tests, Virtuoso for the store contract suite, Jena, rapper and xmllint for the export
# checks) when they are missing, or refuses up front saying what to install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the test suite needs: the command each provides, then the package
SYSTEM_DEPS := java:default-jre-headless chromium:chromium xmllint:libxml2-utils rapper:raptor2-utils unzip:unzip /usr/share/java/jena-core.jar:libapache-jena-java virtuoso-t:virtuoso-opensource

.PHONY: run test setup sysdeps clean bench bench-fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

sysdeps:
	@missing=""; for dep in $(SYSTEM_DEPS); do \
	  command -v $${dep%%:*} >/dev/null 2>&1 || missing="$$missing $${dep#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "the tests need these Debian packages:$$missing — run: sudo apt-get install$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

run: $(STAMP)
	$(BIN)/kg build
	@echo
	$(BIN)/kg stats
	@echo
	@echo "Which side effects do amitriptyline and pregabalin share?"
	$(BIN)/kg query shared-side-effects --param drug1=amitriptyline --param drug2=pregabalin

test: sysdeps $(STAMP)
	$(BIN)/python -m pytest

# the long fuzz run (thousands of generated inputs per channel); `make test` runs a bounded one
bench-fuzz: $(STAMP)
	PHARMAKG_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest tests -q -k fuzz

clean:
	rm -rf $(VENV) build dist .pytest_cache
