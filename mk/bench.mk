# Speed (issue 5): our trainer against the numpy peer, side by side.
.PHONY: bench bench-go
bench: ## speed: ours vs numpy per epoch, mini-batch native and wasm, latency, peak memory, time to 98% (a few minutes)
	$(GO) run ./cmd/bench --peer ../shared/bench

bench-go: ## go test benchmarks of the kernels, epochs and evaluation
	$(GO) test -run '^$$' -bench . -benchtime 3x ./core/internal/kernel/ ./core/
