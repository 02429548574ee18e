// ******************************************************************
// * GENERATED FILE: DO NOT EDIT.                                     *
// * Source: src/schema/openapi.yaml                                  *
// * Regenerate: yarn generate:openapi (in plugins/canary-backend)    *
// ******************************************************************
// Written by scripts/generate-openapi-spec.mjs instead of the Java-based generator behind
// `backstage-repo-tools package schema openapi generate` (see that script for why).
// A Jest test fails when this file no longer matches openapi.yaml.

export * from './router';
