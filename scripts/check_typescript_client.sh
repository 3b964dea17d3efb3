#!/usr/bin/env bash
# The OpenAPI schema as a front-end team uses it: generate TypeScript types with
# openapi-typescript and type-check a small client (clients/typescript/example.ts) that places
# a checkout and reads `error.code`. Needs Node.js and npm; run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${CONTEX_VENV:-$PWD/.venv}/bin/python"
"$python" sandbox/manage.py spectacular --format openapi-json \
    --file clients/typescript/schema.json
cd clients/typescript
npm ci --no-audit --no-fund --loglevel=error
npx openapi-typescript schema.json -o schema.d.ts
npx tsc --noEmit
echo "TypeScript client: types generated from the schema and example.ts type-checks"
