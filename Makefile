.DEFAULT_GOAL := help
.PHONY: help build run test test-pg format bench bench-store bench-upload bench-webhooks migration pack

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

build: ## Build everything (warnings are errors)
	dotnet build Parley.slnx -warnaserror

run: ## Start the server on SQLite in ./data (prints the first admin token once)
	dotnet run --project src/Parley.Server -- --urls http://127.0.0.1:8080

test: ## Run all tests; the PostgreSQL store suite needs TEST_POSTGRES
	./scripts/test.sh

test-pg: ## Run all tests with a local PostgreSQL (postgres/postgres on 127.0.0.1)
	TEST_POSTGRES="Host=127.0.0.1;Username=postgres;Password=postgres" ./scripts/test.sh

format: ## Apply the code style
	dotnet format Parley.slnx

pack: ## Build the Parley.Sdk package and the parley tool package (Parley.Cli) into ./artifacts
	dotnet pack src/Parley.Sdk -c Release -o artifacts
	dotnet pack src/Parley.Cli -c Release -o artifacts

bench: ## Run the HTTP benchmarks (Release, fresh data directory)
	./bench/run.sh

bench-upload: ## Server memory while 10 MiB and 100 MiB files are uploaded
	./bench/upload.sh

bench-store: ## Store-level costs with BenchmarkDotNet (no HTTP)
	dotnet run -c Release --project bench/Parley.Bench.Storage -- --filter '*'

bench-webhooks: ## Webhook fan-out to 1,000 local receivers and idle event-stream memory (Release, fresh data)
	./bench/webhooks.sh

migration: ## Add a migration for both providers: make migration name=AddThing
	dotnet ef migrations add $(name) --project src/Parley.Storage.Sqlite --output-dir Migrations
	dotnet ef migrations add $(name) --project src/Parley.Storage.Postgres --output-dir Migrations
