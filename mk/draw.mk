# Drawn digits (issue 3): the default model and the classify command.
.PHONY: model fuzz-draw
model: ## retrain the default model assets/default.model (fixed seed; about 20 min on 2 cores)
	$(GO) run ./cmd/makemodel

fuzz-draw: ## fuzz the model loader and the preprocessing, 30 s each
	$(GO) test ./core -run '^$$' -fuzz '^FuzzReadModel$$' -fuzztime 30s
	$(GO) test ./core -run '^$$' -fuzz '^FuzzPreprocessInk$$' -fuzztime 30s
	$(GO) test ./core -run '^$$' -fuzz '^FuzzPreprocessImage$$' -fuzztime 30s
