# digits: make help lists the targets.
GO      ?= go
# Packages that import ebiten need an X display even to start their tests.
XRUN    := $(if $(DISPLAY),,$(if $(shell command -v xvfb-run),xvfb-run -a))
WASMENV := PATH="$$PATH:$$($(GO) env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm

# Debian packages the tests need: headless Chromium for the page, Xvfb and
# ImageMagick for the desktop window, and ebiten's native build (cgo, GLFW).
DEBS := chromium xvfb imagemagick x11-utils gcc libc6-dev libgl-dev libx11-dev libxrandr-dev \
        libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev

.DEFAULT_GOAL := help
# Each part of the project may add targets in mk/NAME.mk, and tests to
# EXTRA_TESTS (run by make test).
EXTRA_TESTS :=
-include mk/*.mk

.PHONY: help build test test-go test-wasm lint deps reproduce
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

build: ## build every command
	$(GO) build ./...

test: deps lint test-go test-wasm $(EXTRA_TESTS) ## everything CI runs: lint, Go tests, wasm tests of core, app tests
	@echo "make test: all passed"

lint: ## gofmt and go vet, natively and for js/wasm
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./core/... ./data/... ./assets/... ./wasm ./wasm/app

test-go: ## go test ./... (natively; under Xvfb when there is no display, for the app's packages)
	$(XRUN) $(GO) test -count=1 ./...

test-wasm: ## build core for js/wasm and run its tests under Node
	GOOS=js GOARCH=wasm $(GO) build ./core/... ./data/...
	$(WASMENV) $(GO) test -count=1 ./core/...

deps: ## install the Debian packages the tests need (if missing; needs root or sudo)
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

reproduce: ## rerun the README's accuracy table (about half an hour; LONG=1 adds 2000 and 5000 epochs)
	$(GO) build -o bin/ ./cmd/...
	$(GO) run ./cmd/reproduce --bin bin --out out/reproduce $(if $(LONG),--long)

