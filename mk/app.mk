# The app (issue 4): the ebiten program in wasm/, its page in web/.
# Included by the Makefile (-include mk/*.mk); uses its GO and XRUN.

.PHONY: wasm serve app app-test

wasm: ## build the page: web/index.html (open it from disk) and web/app.html + app.wasm.gz (make serve)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o web/app.wasm ./wasm
	$(GO) run ./cmd/webpage --wasm web/app.wasm --src web/src --out web --wasm_exec "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js"
	@echo "open web/index.html in a browser, or run make serve"

serve: wasm ## serve the page at http://localhost:8080
	$(GO) run ./cmd/serve --dir web --addr localhost:8080

app: ## the app in a desktop window (Debian: gcc libc6-dev libgl-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev)
	$(GO) run ./wasm

app-test: wasm ## the app's tests: unit tests, the page in headless Chromium (served and file://), the desktop window under Xvfb
	$(GO) test -count=1 ./wasm/app/ ./cmd/serve/ ./cmd/webpage/
	DIGITS_E2E=1 $(XRUN) $(GO) test -count=1 -v -timeout 30m ./wasm/e2e/

EXTRA_TESTS += app-test
