#!/usr/bin/env node
// Lints a Dockerfile with the pinned dockerfilelint (rule exclusions in tools/docker/.dockerfilelintrc, each
// justified there) and parses it with dockerfile-ast, printing one JSON object for the C# tests:
//   { lint: { exitCode, issues: [...] }, instructions: [{ stage, keyword, arguments, flags: {name: value}, line }],
//     stages: [{ image, name }] }
// `stage` is -1 for the global ARGs before the first FROM. Exit 1 only when the tools themselves fail.
// Usage: node tools/docker/inspect.mjs <Dockerfile>
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = resolve(here, "..", "node");
const require = createRequire(join(nodeDir, "package.json"));
const { DockerfileParser } = require("dockerfile-ast");

const file = process.argv[2];
if (!file) {
  console.error("usage: inspect.mjs <Dockerfile>");
  process.exit(1);
}

// dockerfilelint's exit code is its issue count; its JSON report lists them.
const lintBin = join(nodeDir, "node_modules", "dockerfilelint", "bin", "dockerfilelint");
const lint = spawnSync(process.execPath, [lintBin, "-c", here, "-o", "json", file], { encoding: "utf8" });
if (lint.error || lint.stdout.trim() === "") {
  console.error(`inspect: dockerfilelint did not run: ${lint.error?.message ?? lint.stderr}`);
  process.exit(1);
}
const lintReport = JSON.parse(lint.stdout);

const dockerfile = DockerfileParser.parse(readFileSync(file, "utf8"));
let stage = -1;
const instructions = dockerfile.getInstructions().map(instruction => {
  const keyword = instruction.getKeyword();
  if (keyword === "FROM") stage++;
  const flags = Object.fromEntries((instruction.getFlags?.() ?? []).map(flag => [flag.getName(), flag.getValue()]));
  return { stage, keyword, arguments: instruction.getArgumentsContent() ?? "", flags, line: instruction.getRange().start.line + 1 };
});
const stages = dockerfile.getFROMs().map(from => ({ image: from.getImage(), name: from.getBuildStage() ?? null }));

process.stdout.write(JSON.stringify({
  lint: { exitCode: lint.status, issues: lintReport.files.flatMap(f => f.issues) },
  instructions,
  stages,
}, null, 1) + "\n");
