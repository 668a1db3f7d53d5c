#!/usr/bin/env node
// Prints one YAML file (e.g. .github/workflows/release.yml) as JSON on stdout, parsed with the pinned `yaml`
// package, so the C# tests can assert over its shape. Usage: node tools/docker/yaml-to-json.mjs <file>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const nodeDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "node");
const { parse } = createRequire(join(nodeDir, "package.json"))("yaml");
const file = process.argv[2];
if (!file) {
  console.error("usage: yaml-to-json.mjs <file>");
  process.exit(1);
}
process.stdout.write(JSON.stringify(parse(readFileSync(file, "utf8"))) + "\n");
