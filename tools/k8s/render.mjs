#!/usr/bin/env node
// Renders a kustomization with the pinned kubectl (`kubectl kustomize DIR` = `kustomize build DIR`), validates
// every object against the Kubernetes OpenAPI schemas shipped in kubernetes-models (custom resources against
// tools/k8s/crd-shapes.mjs), and prints all objects as ONE
// JSON array on stdout, so tests in any language can assert over them. Exit 1 with a message naming the object
// and the schema error when anything fails; nothing is printed on stdout then.
// Usage: node tools/k8s/render.mjs <kustomization-dir>
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureKubectl, repoRoot } from "./ensure-kubectl.mjs";
import { checkShape, crdShapes } from "./crd-shapes.mjs";

// The pinned packages live in tools/node/node_modules, which Node's lookup from tools/k8s would not find.
const nodeModules = join(repoRoot, "tools", "node", "node_modules");
const { parseAllDocuments } = createRequire(join(repoRoot, "tools", "node", "package.json"))("yaml");

// Model modules live at kubernetes-models/<group>/<version>/<Kind>; the core group has no group segment.
async function modelFor(apiVersion, kind) {
  const file = join(nodeModules, "kubernetes-models", ...apiVersion.split("/"), `${kind}.js`);
  if (!existsSync(file)) return undefined;
  const module = await import(pathToFileURL(file).href);
  return module[kind];
}

function describe(object) {
  const meta = object?.metadata ?? {};
  return `${object?.apiVersion}/${object?.kind} ${meta.namespace ? meta.namespace + "/" : ""}${meta.name}`;
}

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: render.mjs <kustomization-dir>");
  let rendered;
  try {
    rendered = execFileSync(ensureKubectl(), ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`kubectl kustomize ${dir} failed:\n${error.stderr || error.message}`);
  }
  const objects = [];
  for (const doc of parseAllDocuments(rendered)) {
    if (doc.errors.length > 0) throw new Error(`YAML parse error: ${doc.errors.map(e => e.message).join("; ")}`);
    const object = doc.toJS();
    if (object == null) continue;
    const crdShape = crdShapes[`${object.apiVersion}/${object.kind}`];
    if (crdShape) {
      const problems = checkShape(object, crdShape);
      if (problems.length > 0) throw new Error(`${describe(object)} does not match its CRD shape: ${problems.join("; ")}`);
      objects.push(object);
      continue;
    }
    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) throw new Error(`${describe(object)}: no schema for this apiVersion/kind in kubernetes-models`);
    try {
      new Model(object).validate();
    } catch (error) {
      throw new Error(`${describe(object)} does not match its schema: ${error.message}`);
    }
    objects.push(object);
  }
  if (objects.length === 0) throw new Error(`${dir} rendered no objects`);
  process.stdout.write(JSON.stringify(objects, null, 1) + "\n");
}

main().catch(error => {
  console.error(`render: ${error.message}`);
  process.exit(1);
});
